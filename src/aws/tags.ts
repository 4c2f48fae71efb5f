// Session tags and SourceIdentity from an identity's claims, the same on
// every path to STS (minted SAML attributes, bridge-minted token claims).
// A value AWS would refuse is cleaned or left out, never a failed sign-in.
import type { Identity } from '../identity.js';
import { claimValues } from '../roles/conditions.js';
import type { SessionSettings } from '../roles/session-schema.js';
import { sanitizeSessionName } from './session-name.js';

export interface SessionTag { key: string; value: string; transitive: boolean }

/** AWS tag values: letters, digits, spaces and `_.:/=+-@`, at most 256 characters. */
export function cleanTagValue(raw: string): string {
  return raw.normalize('NFC').replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '-').slice(0, 256);
}

export function sessionTagsFor(id: Identity, s: SessionSettings): SessionTag[] {
  const out: SessionTag[] = [];
  for (const t of s.tags) {
    const v = claimValues(id, t.claim)[0];
    if (v === undefined || v === '') continue;
    const value = cleanTagValue(v);
    if (/^aws:/i.test(value)) continue;
    out.push({ key: t.key, value, transitive: t.transitive });
  }
  return out;
}

/** Username, else the email's local part, else the subject; or a configured claim; `none` for none. */
export function sourceIdentityFor(id: Identity, s: SessionSettings): string | undefined {
  if (s.sourceIdentity === 'none') return undefined;
  const raw = s.sourceIdentity === 'username'
    ? id.username ?? id.email?.split('@')[0] ?? id.subject
    : claimValues(id, s.sourceIdentity)[0];
  return raw === undefined ? undefined : sanitizeSessionName(raw);
}

/** The JWT claim AWS reads session tags from in AssumeRoleWithWebIdentity. */
export function webIdentityTagsClaim(tags: SessionTag[]): Record<string, unknown> | undefined {
  if (tags.length === 0) return undefined;
  return {
    principal_tags: Object.fromEntries(tags.map((t) => [t.key, [t.value]])),
    transitive_tag_keys: tags.filter((t) => t.transitive).map((t) => t.key),
  };
}
