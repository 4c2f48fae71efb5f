// RoleSessionName and SourceIdentity must match [A-Za-z0-9_+=,.@-]{2,64} (ASCII
// only). Derive them from the person's name and never fail a login over it.
const ALLOWED = /[^A-Za-z0-9_+=,.@-]/g;

export function sanitizeSessionName(raw: string, fallback = 'sts-bridge-user'): string {
  const ascii = raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  let s = ascii.replace(/\s+/g, '.').replace(ALLOWED, '-').replace(/-{2,}/g, '-').slice(0, 64);
  if (/^aws:/i.test(s)) s = `u-${s.slice(4)}`;
  if (s.length < 2) s = fallback;
  return s;
}
