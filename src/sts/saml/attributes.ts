// AWS-specific SAML attributes (id_roles_providers_create_saml_assertions.md):
// Role pairs, RoleSessionName, SessionDuration, SourceIdentity, session tags,
// and the saml:* condition keys derived from the assertion.
import { createHash } from 'node:crypto';
import { badSaml } from '../errors.js';
import { checkTags, type SessionTags } from '../tags.js';
import type { SamlClaims } from './assertion.js';
import type { Context } from '../policy/conditions.js';

export const ATTR = 'https://aws.amazon.com/SAML/Attributes/';
const NAME = /^[a-zA-Z_0-9+=,.@-]{2,64}$/;

/** Role values are "role-arn,provider-arn" in either order; parts are told apart by resource type. */
export function rolePairs(values: string[]): { role: string; provider: string }[] {
  return values.flatMap((v) => {
    const parts = v.split(',').map((s) => s.trim());
    const role = parts.find((p) => /^arn:aws[\w-]*:iam::\d{12}:role\//.test(p));
    const provider = parts.find((p) => /^arn:aws[\w-]*:iam::\d{12}:saml-provider\//.test(p));
    return parts.length === 2 && role && provider ? [{ role, provider }] : [];
  });
}

export function roleSessionName(claims: SamlClaims): string {
  const v = claims.attributes.get(ATTR + 'RoleSessionName');
  if (!v || v.length === 0) throw badSaml('RoleSessionName is required in AuthnResponse');
  if (v.length !== 1 || !NAME.test(v[0]!)) throw badSaml('RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}');
  return v[0]!;
}

export function sourceIdentity(claims: SamlClaims): string | undefined {
  const v = claims.attributes.get(ATTR + 'SourceIdentity');
  if (v === undefined) return undefined;
  if (v.length !== 1 || !NAME.test(v[0]!) || v[0]!.toLowerCase().startsWith('aws:')) {
    throw badSaml('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
  }
  return v[0];
}

/** SessionDuration can only shorten an API session; 900–43200 when present. */
export function sessionDuration(claims: SamlClaims): number | undefined {
  const v = claims.attributes.get(ATTR + 'SessionDuration');
  if (v === undefined) return undefined;
  const n = v.length === 1 && /^\d{1,6}$/.test(v[0]!) ? Number(v[0]) : NaN;
  if (!(n >= 900 && n <= 43200)) throw badSaml('SessionDuration in AuthnResponse must be an integer between 900 and 43200');
  return n;
}

export function sessionTags(claims: SamlClaims): SessionTags {
  const pairs: [string, string][] = [];
  for (const [name, values] of claims.attributes) {
    if (!name.startsWith(ATTR + 'PrincipalTag:')) continue;
    if (values.length !== 1) throw badSaml(`Session tag ${name} must have exactly one value`);
    pairs.push([name.slice((ATTR + 'PrincipalTag:').length), values[0]!]);
  }
  return checkTags(pairs, claims.attributes.get(ATTR + 'TransitiveTagKeys') ?? [], 'InvalidIdentityToken');
}

export const subjectType = (format: string | undefined): string =>
  (format ?? 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified').replace(/^urn:oasis:names:tc:SAML:2\.0:nameid-format:/, '');

/** Base64(SHA1(Issuer + AccountId + "/" + providerName)), per the STS API reference pseudocode. */
export const nameQualifier = (issuer: string, accountId: string, providerName: string): string =>
  createHash('sha1').update(issuer + accountId + '/' + providerName).digest('base64');

/** eduPerson / X.500 OIDs that IAM maps to saml:* keys (one claim per key). */
const OID_KEYS: Record<string, string> = {
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': 'edupersonaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.2': 'edupersonnickname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.3': 'edupersonorgdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.4': 'edupersonorgunitdn',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.5': 'edupersonprimaryaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': 'edupersonprincipalname',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.7': 'edupersonentitlement',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.9': 'edupersonscopedaffiliation',
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.10': 'edupersontargetedid',
  'urn:oid:0.9.2342.19200300.100.1.1': 'uid',
  'urn:oid:0.9.2342.19200300.100.1.3': 'mail',
  'urn:oid:2.5.4.3': 'cn',
  'urn:oid:2.5.4.4': 'sn',
  'urn:oid:2.5.4.42': 'givenname',
  'urn:oid:2.16.840.1.113730.3.1.241': 'displayname',
};

export function samlContext(claims: SamlClaims, accountId: string, providerName: string): Context {
  const ctx: Context = new Map<string, string | string[]>([
    ['saml:aud', claims.recipient],
    ['saml:iss', claims.issuer],
    ['saml:sub', claims.nameId],
    ['saml:sub_type', subjectType(claims.nameIdFormat)],
    ['saml:namequalifier', nameQualifier(claims.issuer, accountId, providerName)],
    ['saml:doc', `${accountId}/${providerName}`],
  ]);
  for (const [oid, key] of Object.entries(OID_KEYS)) {
    const v = claims.attributes.get(oid);
    if (v?.length) ctx.set(`saml:${key}`, v.length === 1 ? v[0]! : v);
  }
  return ctx;
}
