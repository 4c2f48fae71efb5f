// Claims to roles: a pure function of an identity and the rules, no I/O.
import type { Identity } from '../identity.js';
import { parseRoleArn, type RoleArn } from '../aws/arn.js';
import type { Rule, Rules } from './schema.js';

export interface GrantedRole extends RoleArn {
  /** The bridge's SAML provider in the role's own account. */
  providerArn: string;
  accountAlias?: string;
  maxSessionSec?: number;
  /** Ids of the rules that granted it. */
  ruleIds: string[];
}

export interface RoleDecision {
  roles: GrantedRole[];
  /** Why candidates were dropped (for the audit trail; never shown raw). */
  dropped: Array<{ ruleId: string; role: string; reason: string }>;
}

const nfc = (s: string) => s.normalize('NFC');

/** Each way a rule's conditions hold: one capture set per match (empty when no pattern). */
function matches(rule: Rule, id: Identity): Array<Record<string, string>> {
  const w = rule.when;
  if (w.idp !== undefined && w.idp !== id.idp) return [];
  if (w.emailDomain !== undefined) {
    const domain = id.email?.split('@').pop()?.toLowerCase();
    if (!id.email?.includes('@') || domain !== w.emailDomain.toLowerCase()) return [];
  }
  const groups = id.groups.map(nfc);
  if (w.group !== undefined && !groups.includes(nfc(w.group))) return [];
  if (w.groupPattern === undefined) return [{}];
  const re = new RegExp(`^(?:${w.groupPattern})$`, 'u');
  return groups.flatMap((g) => {
    const m = re.exec(g);
    return m ? [{ ...(m.groups ?? {}), ...Object.fromEntries(m.slice(1).map((v, i) => [String(i + 1), v ?? ''])) }] : [];
  });
}

function fill(template: string, captures: Record<string, string>): string {
  return template.replace(/\$\{(\w+)\}/g, (_, k: string) => captures[k] ?? '\u0000');
}

export function mapRoles(id: Identity, rules: Rules): RoleDecision {
  const byArn = new Map<string, GrantedRole>();
  const dropped: RoleDecision['dropped'] = [];
  for (const rule of rules.rules) {
    for (const captures of matches(rule, id)) {
      for (const g of rule.grant) {
        const arn = fill(g.role, captures);
        const parsed = parseRoleArn(arn);
        const account = parsed && rules.accounts.find((a) => a.id === parsed.accountId);
        if (!parsed) { dropped.push({ ruleId: rule.id, role: arn, reason: 'not a valid role ARN' }); continue; }
        if (!account) { dropped.push({ ruleId: rule.id, role: arn, reason: 'account not configured' }); continue; }
        const prev = byArn.get(arn);
        if (prev) {
          prev.ruleIds.push(rule.id);
          if (g.maxSessionSec !== undefined) prev.maxSessionSec = Math.min(prev.maxSessionSec ?? Infinity, g.maxSessionSec);
          continue;
        }
        byArn.set(arn, {
          ...parsed,
          providerArn: account.samlProviderArn,
          ...(account.alias ? { accountAlias: account.alias } : {}),
          ...(g.maxSessionSec !== undefined ? { maxSessionSec: g.maxSessionSec } : {}),
          ruleIds: [rule.id],
        });
      }
    }
  }
  return { roles: [...byArn.values()].sort((a, b) => a.arn.localeCompare(b.arn)), dropped };
}
