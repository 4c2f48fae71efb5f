// An upstream ID token posted to an API: picks the configured OIDC provider by
// the token's (unverified) issuer, verifies it there, and reads the identity.
import { peekIssuer } from '../connectors/id-token.js';
import { identityFromClaims } from '../connectors/oidc-claims.js';
import { BridgeError } from '../errors.js';
import type { Identity } from '../identity.js';
import type { BridgeContext, ResolvedIdp } from './context.js';

export async function identityFromIdToken(ctx: BridgeContext, token: unknown): Promise<{ idp: ResolvedIdp; identity: Identity }> {
  if (typeof token !== 'string' || token.length === 0) throw new BridgeError('invalid_request', 'id_token is required.');
  const iss = peekIssuer(token);
  const idp = ctx.idps.find((i) => i.verifier && i.verifier.issuer === iss);
  if (!idp?.verifier || idp.config.type !== 'oidc') throw new BridgeError('invalid_token', 'The ID token is not from a trusted provider.', { detail: `issuer ${String(iss).slice(0, 200)}` });
  const claims = await idp.verifier.verify(token);
  return { idp, identity: identityFromClaims(idp.config, claims as Record<string, unknown>, Math.floor(ctx.clock() / 1000)) };
}
