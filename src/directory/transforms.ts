// Group value transforms, applied per IdP before the rules see the groups.
// Pure functions; each leaves a value it does not recognise unchanged.
import type { IdpGroupsConfig } from './schema.js';

/** `CORP\AWS-Admins` → `AWS-Admins` (AD FS and Windows-style down-level names). */
export function stripDomain(g: string): string {
  const i = g.indexOf('\\');
  return i > 0 && i < g.length - 1 ? g.slice(i + 1) : g;
}

/** `CN=AWS-Admins,OU=Groups,DC=corp,DC=example` → `AWS-Admins` (RFC 4514 escapes honoured). */
export function ldapCn(g: string): string {
  const m = /^\s*cn\s*=\s*((?:\\.|[^,+\\])*)\s*(?:[,+]|$)/iu.exec(g);
  if (!m || !/,\s*(ou|dc|cn|o)\s*=/i.test(g)) return g;
  return m[1]!.replace(/\\([0-9a-f]{2}|.)/giu, (_, c: string) => (c.length === 2 ? String.fromCharCode(parseInt(c, 16)) : c)).trim();
}

export function caseFold(g: string): string {
  return g.normalize('NFC').toLowerCase();
}

const BY_NAME = { stripDomain, ldapCn, caseFold } as const;

/** Names table first (Azure AD object ids), then each transform in order; duplicates removed. */
export function transformGroups(groups: string[], cfg: Pick<IdpGroupsConfig, 'names' | 'transforms'>): string[] {
  const out = groups.map((g) => {
    let v = cfg.names[g] ?? cfg.names[g.toLowerCase()] ?? g;
    for (const t of cfg.transforms) v = BY_NAME[t](v);
    return v.normalize('NFC');
  });
  return [...new Set(out)].filter((g) => g.length > 0);
}
