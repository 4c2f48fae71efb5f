// A rule's `when`: every condition must hold. Group conditions yield one
// capture set per matching group; the others are plain yes/no.
import type { Identity } from '../identity.js';
import { globToRegExp } from './glob.js';
import type { Rule } from './schema.js';

export type Captures = Record<string, string>;
const list = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);
const nfc = (s: string) => s.normalize('NFC');

/** An identity's values for a claim name: a few well-known fields, then the flattened claims. */
export function claimValues(id: Identity, name: string): string[] {
  switch (name) {
    case 'email': return id.email ? [id.email] : [];
    case 'username': return id.username ? [id.username] : [];
    case 'subject': return [id.subject];
    case 'idp': return [id.idp];
    case 'groups': return id.groups;
    default: return id.claims[name] ?? [];
  }
}

/** `hd` is Google's hosted-domain claim: from any other issuer it proves nothing. */
const GOOGLE_ISSUERS = new Set(['https://accounts.google.com', 'accounts.google.com']);
const isGoogle = (id: Identity) => GOOGLE_ISSUERS.has(id.issuer);

function emailDomain(id: Identity): string | undefined {
  if (!id.email?.includes('@')) return undefined;
  return id.email.split('@').pop()!.toLowerCase();
}

function otherConditionsHold(w: Rule['when'], id: Identity): boolean {
  const idps = list(w.idp);
  if (idps && !idps.includes(id.idp)) return false;
  const domains = list(w.emailDomain);
  if (domains && !domains.some((d) => d.toLowerCase() === emailDomain(id))) return false;
  const hd = list(w.hd);
  if (hd && !(isGoogle(id) && (id.claims.hd ?? []).some((v) => hd.some((h) => h.toLowerCase() === v.toLowerCase())))) return false;
  for (const [name, wanted] of Object.entries(w.claims ?? {})) {
    const have = claimValues(id, name).map(nfc);
    if (!list(wanted)!.some((v) => have.includes(nfc(v)))) return false;
  }
  return true;
}

function capturesOf(m: RegExpExecArray): Captures {
  return { ...Object.fromEntries(m.slice(1).map((v, i) => [String(i + 1), v ?? ''])), ...(m.groups ?? {}) };
}

/** Each way the rule's conditions hold: one capture set per matching group (one empty set when no group condition). */
export function ruleMatches(rule: Rule, id: Identity): Captures[] {
  const w = rule.when;
  if (!otherConditionsHold(w, id)) return [];
  const groups = id.groups.map(nfc);
  if (w.group !== undefined) return groups.includes(nfc(w.group)) ? [{}] : [];
  const re = w.groupGlob !== undefined ? globToRegExp(nfc(w.groupGlob)) : w.groupPattern !== undefined ? new RegExp(`^(?:${w.groupPattern})$`, 'u') : undefined;
  if (!re) return [{}];
  return groups.flatMap((g) => { const m = re.exec(g); return m ? [capturesOf(m)] : []; });
}
