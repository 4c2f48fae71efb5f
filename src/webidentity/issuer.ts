// The bridge as an OIDC issuer of its own, for AssumeRoleWithWebIdentity:
// discovery document, JWKS, and a short token minted for one chosen role.
// The token is pinned to that role through `sub` (`<role ARN>#<person>`),
// which the role's trust-policy template (config/trust-policies/
// bridge-web-identity.json) checks, so it cannot be carried to another role.
import { SignJWT } from 'jose';
import { persistentNameId } from '../aws/assertion.js';
import { webIdentityTagsClaim, type SessionTag } from '../aws/tags.js';
import type { Identity } from '../identity.js';
import type { IssuerKeys } from './keys.js';

export const WEB_IDENTITY_PATH = '/web-identity';
/** The client id (`aud`) every bridge-minted token carries; the IAM OIDC provider lists it. */
export const BRIDGE_AUDIENCE = 'sts-bridge';
export const TOKEN_LIFETIME_SEC = 300;

export function issuerUrl(publicBaseUrl: string): string {
  return `${publicBaseUrl.replace(/\/+$/, '')}${WEB_IDENTITY_PATH}`;
}

/** The condition-key prefix AWS uses: the issuer URL without its scheme. */
export function issuerHost(issuer: string): string {
  return issuer.replace(/^https?:\/\//, '');
}

export function discoveryDocument(issuer: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${issuer}/jwks.json`,
    response_types_supported: ['id_token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'https://aws.amazon.com/tags', 'https://aws.amazon.com/source_identity'],
  };
}

export function pinnedSubject(roleArn: string, id: Identity): string {
  return `${roleArn}#${persistentNameId(id)}`;
}

export interface MintTokenInput {
  issuer: string;
  identity: Identity;
  roleArn: string;
  tags: SessionTag[];
  sourceIdentity?: string | undefined;
  nowSec: number;
}

export async function mintRoleToken(keys: IssuerKeys, i: MintTokenInput): Promise<string> {
  const { kid, key } = await keys.signingKey();
  const tags = webIdentityTagsClaim(i.tags);
  return new SignJWT({
    ...(tags ? { 'https://aws.amazon.com/tags': tags } : {}),
    ...(i.sourceIdentity ? { 'https://aws.amazon.com/source_identity': i.sourceIdentity } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(i.issuer).setAudience(BRIDGE_AUDIENCE).setSubject(pinnedSubject(i.roleArn, i.identity))
    .setIssuedAt(i.nowSec).setNotBefore(i.nowSec - 5).setExpirationTime(i.nowSec + TOKEN_LIFETIME_SEC)
    .sign(key);
}
