// An OIDC claim set (from a verified ID token) as a protocol-free Identity.
import type { OidcIdpConfig } from '../config/schema.js';
import type { Identity } from '../identity.js';
import { first, flattenClaims, valuesAtPath } from './claims.js';
import { BridgeError } from '../errors.js';

export function identityFromClaims(idp: OidcIdpConfig, claims: Record<string, unknown>, nowSec: number): Identity {
  const c = idp.claims;
  const sub = first(valuesAtPath(claims, c.subject ?? 'sub'));
  const iss = typeof claims.iss === 'string' ? claims.iss : undefined;
  if (!sub || !iss) throw new BridgeError('invalid_token', 'The ID token has no subject or issuer.');
  const username = c.username ? first(valuesAtPath(claims, c.username)) : undefined;
  // An address the user could have typed in themselves proves nothing: rules,
  // directory look-ups and session names use it only when the IdP verified it.
  const verified = claims.email_verified === true || idp.insecureTrustUnverifiedEmail === true;
  const email = verified ? first(valuesAtPath(claims, c.email)) : undefined;
  const displayName = first(valuesAtPath(claims, c.name));
  // Without auth_time, the token's own issue time is the latest the person can have signed in.
  const stamp = typeof claims.auth_time === 'number' ? claims.auth_time : typeof claims.iat === 'number' ? claims.iat : nowSec;
  const authTime = Math.min(stamp, nowSec);
  return {
    idp: idp.id, issuer: iss, subject: sub,
    ...(username ? { username } : {}), ...(email ? { email } : {}), ...(displayName ? { displayName } : {}),
    groups: valuesAtPath(claims, c.groups),
    claims: withoutUnverifiedEmail(flattenClaims(claims), c.email, verified),
    authTime,
  };
}

/** Drops the email claim from the matchable claims too, unless verified. */
function withoutUnverifiedEmail(claims: Record<string, string[]>, emailPath: string, verified: boolean): Record<string, string[]> {
  if (verified) return claims;
  const { [emailPath]: _dropped, ...rest } = claims;
  return rest;
}
