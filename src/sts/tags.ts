// Session-tag rules shared by every tag-accepting action (IAM User Guide,
// id_session-tags.md): ≤50 tags, keys case-insensitive, no aws: prefix.
import { StsError, type StsErrorCode } from './errors.js';

const KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;

export interface SessionTags { tags: Record<string, string>; transitiveTagKeys: string[] }

/** Validates tags; `code` lets SAML report InvalidIdentityToken while API params report ValidationError. */
export function checkTags(pairs: [string, string][], transitive: string[], code: StsErrorCode): SessionTags {
  const fail = (m: string): never => { throw new StsError(code, m); };
  if (pairs.length > 50) fail('Session tags exceed the limit of 50');
  if (transitive.length > 50) fail('TransitiveTagKeys exceed the limit of 50');
  const seen = new Map<string, string>();
  for (const [k, v] of pairs) {
    if (!KEY.test(k) || !VALUE.test(v)) fail(`Invalid session tag: ${k}`);
    if (k.toLowerCase().startsWith('aws:') || v.toLowerCase().startsWith('aws:')) fail('Session tags cannot use the aws: prefix');
    if (seen.has(k.toLowerCase())) fail(`Duplicate tag key (keys are case-insensitive): ${k}`);
    seen.set(k.toLowerCase(), k);
  }
  for (const t of transitive) if (!seen.has(t.toLowerCase())) fail(`Transitive tag key ${t} is not a session tag key`);
  return { tags: Object.fromEntries(pairs), transitiveTagKeys: transitive };
}

/** Context keys IAM derives from session tags for trust-policy conditions. */
export function tagContext(t: SessionTags): [string, string | string[]][] {
  const out: [string, string | string[]][] = Object.entries(t.tags).map(([k, v]) => [`aws:requesttag/${k.toLowerCase()}`, v]);
  if (Object.keys(t.tags).length) out.push(['aws:tagkeys', Object.keys(t.tags)]);
  if (t.transitiveTagKeys.length) out.push(['sts:transitivetagkeys', t.transitiveTagKeys]);
  return out;
}
