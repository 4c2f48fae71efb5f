// Verifies an OIDC ID token with jose: signature through the provider's JWKS
// (never keys named in the token's headers), issuer, audience, azp, expiry.
import { createRemoteJWKSet, customFetch, decodeJwt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { BridgeError } from '../errors.js';

/** AWS caps WebIdentityToken at 20000 characters; the bridge refuses more before decoding. */
export const MAX_TOKEN_CHARS = 20_000;

export interface IdTokenVerifierOptions {
  issuer: string;
  jwksUri: string;
  audiences: string[];
  algorithms: string[];
  clockToleranceSec: number;
  clock?: () => number;
  /** For JWKS fetches (a proxy, src/net/outbound.ts); global fetch when absent. */
  fetch?: typeof fetch;
}

export interface IdTokenVerifier {
  readonly issuer: string;
  verify(token: string): Promise<JWTPayload>;
}

export function createIdTokenVerifier(o: IdTokenVerifierOptions): IdTokenVerifier {
  const jwks = createRemoteJWKSet(new URL(o.jwksUri), { timeoutDuration: 5000, cooldownDuration: 30_000, ...(o.fetch ? { [customFetch]: o.fetch } : {}) });
  return {
    issuer: o.issuer,
    async verify(token) {
      if (token.length > MAX_TOKEN_CHARS) throw new BridgeError('invalid_token', 'The ID token is too large.');
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: o.issuer,
          audience: o.audiences,
          algorithms: o.algorithms,
          clockTolerance: o.clockToleranceSec,
          requiredClaims: ['iss', 'sub', 'aud', 'exp', 'iat'],
          ...(o.clock ? { currentDate: new Date(o.clock()) } : {}),
        });
        checkAzp(payload, o.audiences);
        // jose checks iat only with maxTokenAge; a token from the future is refused here.
        const nowSec = (o.clock ?? Date.now)() / 1000;
        if (typeof payload.iat !== 'number' || payload.iat > nowSec + o.clockToleranceSec) {
          throw new BridgeError('invalid_token', 'The ID token is not valid.', { detail: 'iat is in the future' });
        }
        return payload;
      } catch (e) {
        if (e instanceof BridgeError) throw e;
        throw new BridgeError('invalid_token', 'The ID token is not valid.', { detail: tokenFailure(e), cause: e });
      }
    },
  };
}

/** With several audiences, the authorized party must be one of ours (OIDC Core 3.1.3.7). */
function checkAzp(p: JWTPayload, audiences: string[]): void {
  const multi = Array.isArray(p.aud) && p.aud.length > 1;
  const azp = (p as { azp?: unknown }).azp;
  if (multi && (typeof azp !== 'string' || !audiences.includes(azp))) {
    throw new BridgeError('invalid_token', 'The ID token is not valid.', { detail: 'several audiences without an azp of ours' });
  }
  if (azp !== undefined && (typeof azp !== 'string' || !audiences.includes(azp))) {
    throw new BridgeError('invalid_token', 'The ID token is not valid.', { detail: 'azp is not one of the accepted clients' });
  }
}

function tokenFailure(e: unknown): string {
  if (e instanceof joseErrors.JOSEError) return `${e.code}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}

/** The unverified `iss`, only to pick which configured provider must verify the token. */
export function peekIssuer(token: string): string | undefined {
  if (token.length > MAX_TOKEN_CHARS) return undefined;
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}
