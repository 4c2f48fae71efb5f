// Claims to roles: a pure function of an identity and the rules, no I/O.
// Grants are collected first, then every deny rule that holds removes what it
// names (deny wins, whatever the order in the file).
import type { Identity } from '../identity.js';
import { parseRoleArn, parseSamlProviderArn, type RoleArn } from '../aws/arn.js';
import { ruleMatches, type Captures } from './conditions.js';
import { globMatch } from './glob.js';
import type { Account, Grant, Rules } from './schema.js';

export interface GrantedRole extends RoleArn {
  /** The bridge's SAML provider in the role's own account (for a chained role: in the `via` role's account). */
  providerArn: string;
  accountAlias?: string;
  maxSessionSec?: number;
  /** The strictest maxAuthAgeSec of the rules that granted it. */
  maxAuthAgeSec?: number;
  /** Cross-account: the role first assumed with SAML, then chained from with AssumeRole. */
  via?: { roleArn: string; externalId?: string };
  /** Ids of the rules that granted it. */
  ruleIds: string[];
}

export interface RoleDecision {
  roles: GrantedRole[];
  /** Why candidates were dropped (for the audit trail; never shown raw). */
  dropped: Array<{ ruleId: string; role: string; reason: string }>;
}

/** Fills ${capture} placeholders; a missing capture makes the ARN invalid rather than guessing. */
export function fill(template: string, captures: Captures): string {
  return template.replace(/\$\{(\w+)\}/g, (_, k: string) => captures[k] ?? '\u0000');
}

/** An account alias in the ARN's account field becomes the account id. */
export function resolveAlias(arn: string, accounts: Account[]): string {
  const m = /^(arn:[\w-]+:iam::)([a-z0-9-]+)(:.*)$/su.exec(arn);
  if (!m || /^\d{12}$/.test(m[2]!)) return arn;
  const a = accounts.find((x) => x.alias === m[2]);
  return a ? `${m[1]}${a.id}${m[3]}` : arn;
}

type Candidate = { ok: GrantedRole } | { reason: string; arn: string };

function resolveGrant(g: Grant, captures: Captures, rules: Rules, ruleId: string): Candidate {
  const arn = resolveAlias(fill(g.role, captures), rules.accounts);
  const parsed = parseRoleArn(arn);
  if (!parsed) return { arn, reason: 'not a valid role ARN' };
  const hopArn = g.via ? resolveAlias(fill(g.via, captures), rules.accounts) : undefined;
  const hop = hopArn === undefined ? parsed : parseRoleArn(hopArn);
  if (!hop) return { arn, reason: 'via is not a valid role ARN' };
  const account = rules.accounts.find((a) => a.id === hop.accountId);
  if (!account) return { arn, reason: 'account not configured' };
  const provider = parseSamlProviderArn(account.samlProviderArn)!;
  if (provider.partition !== hop.partition || hop.partition !== parsed.partition) return { arn, reason: 'partition differs from the account provider' };
  const alias = rules.accounts.find((a) => a.id === parsed.accountId)?.alias;
  return { ok: {
    ...parsed, providerArn: account.samlProviderArn,
    ...(alias ? { accountAlias: alias } : {}),
    ...(g.maxSessionSec !== undefined ? { maxSessionSec: g.maxSessionSec } : {}),
    ...(hopArn ? { via: { roleArn: hopArn, ...(g.externalId ? { externalId: g.externalId } : {}) } } : {}),
    ruleIds: [ruleId],
  } };
}

export function mapRoles(id: Identity, rules: Rules): RoleDecision {
  const byArn = new Map<string, GrantedRole>();
  const dropped: RoleDecision['dropped'] = [];
  const denies: Array<{ ruleId: string; glob: string }> = [];
  for (const rule of rules.rules) {
    for (const captures of ruleMatches(rule, id)) {
      for (const d of rule.deny ?? []) denies.push({ ruleId: rule.id, glob: resolveAlias(fill(d, captures), rules.accounts) });
      for (const g of rule.grant ?? []) {
        const c = resolveGrant(g, captures, rules, rule.id);
        if (!('ok' in c)) { dropped.push({ ruleId: rule.id, role: c.arn, reason: c.reason }); continue; }
        const prev = byArn.get(c.ok.arn);
        if (!prev) { byArn.set(c.ok.arn, rule.maxAuthAgeSec ? { ...c.ok, maxAuthAgeSec: rule.maxAuthAgeSec } : c.ok); continue; }
        prev.ruleIds.push(rule.id);
        if (rule.maxAuthAgeSec !== undefined) prev.maxAuthAgeSec = Math.min(prev.maxAuthAgeSec ?? Infinity, rule.maxAuthAgeSec);
        if (g.maxSessionSec !== undefined) prev.maxSessionSec = Math.min(prev.maxSessionSec ?? Infinity, g.maxSessionSec);
      }
    }
  }
  for (const [arn, role] of byArn) {
    const deny = denies.find((d) => globMatch(d.glob, arn));
    if (deny) { byArn.delete(arn); dropped.push({ ruleId: deny.ruleId, role: arn, reason: `denied (granted by ${role.ruleIds.join(', ')})` }); }
  }
  return { roles: [...byArn.values()].sort((a, b) => a.arn.localeCompare(b.arn)), dropped };
}
