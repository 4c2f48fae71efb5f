// Upstream OIDC sign-in through openid-client's passport strategy:
// authorization code with PKCE, plus state and nonce on every request.
import * as client from 'openid-client';
import { Strategy, type AuthenticateOptions } from 'openid-client/passport';
import type { Request } from 'express';
import type { OidcIdpConfig } from '../config/schema.js';
import { BridgeError } from '../errors.js';
import type { IdTokenVerifier } from './id-token.js';
import { identityFromClaims } from './oidc-claims.js';

/** openid-client sends state only when PKCE is unsupported; the bridge always binds both. */
class StrictStrategy extends Strategy {
  override authorizationRequestParams(req: Request, options: AuthenticateOptions): URLSearchParams {
    const p = super.authorizationRequestParams(req, options) as URLSearchParams;
    p.set('state', client.randomState());
    p.set('nonce', client.randomNonce());
    return p;
  }
}

export interface OidcProvider {
  config: client.Configuration;
  jwksUri: string;
}

export async function discover(idp: OidcIdpConfig & { issuer: string }, clientSecret: string | undefined, allowHttp: boolean, fetchImpl?: typeof fetch): Promise<OidcProvider> {
  const options = {
    ...(allowHttp && idp.issuer.startsWith('http://') ? { execute: [client.allowInsecureRequests] } : {}),
    // Carried into the Configuration, so token calls use the same (proxied) fetch.
    ...(fetchImpl ? { [client.customFetch]: fetchImpl as client.CustomFetch } : {}),
  };
  let config: client.Configuration;
  try {
    config = await client.discovery(new URL(idp.issuer), idp.clientId, clientSecret, undefined, options);
  } catch (e) {
    throw new BridgeError('config_invalid', `OIDC discovery failed for ${idp.id} (${idp.issuer}): ${(e as Error).message}`, { cause: e });
  }
  const jwksUri = config.serverMetadata().jwks_uri;
  if (!jwksUri) throw new BridgeError('config_invalid', `OIDC provider ${idp.id} publishes no jwks_uri`);
  return { config, jwksUri };
}

export function oidcStrategy(idp: OidcIdpConfig, provider: OidcProvider, callbackURL: string, verifier: IdTokenVerifier, clock: () => number): Strategy {
  return new StrictStrategy(
    { name: `oidc:${idp.id}`, config: provider.config, scope: idp.scopes.join(' '), callbackURL },
    (tokens, done) => {
      const idToken = tokens.id_token;
      if (!idToken) return done(new BridgeError('invalid_token', 'The OIDC provider returned no ID token.'));
      // openid-client checked nonce, iss, aud and exp; jose re-checks the signature against the JWKS.
      verifier.verify(idToken)
        .then((claims) => done(null, identityFromClaims(idp, claims as Record<string, unknown>, Math.floor(clock() / 1000)) as never))
        .catch((e: unknown) => done(e as Error));
    },
  );
}
