// Policy evaluation for one request: an explicit Deny wins, otherwise any
// matching Allow allows, otherwise the request is implicitly denied.
import type { PolicyDocument, PrincipalMap, Statement } from './document.js';
import { evalCondition, type Context } from './conditions.js';
import { resolveString, wildcardRegExp } from './variables.js';

export interface RequestPrincipal {
  /** Principal element key: AWS, Federated or Service. */
  type: 'AWS' | 'Federated' | 'Service';
  /** Identifiers this principal is known by (ARNs, provider names). */
  ids: string[];
  /** Owning account, so "123456789012" or "arn:aws:iam::123456789012:root" match. */
  accountId?: string;
}
export interface Request {
  principal?: RequestPrincipal; // only resource (trust) policies name principals
  action: string;
  resource?: string;
  context: Context;
}
export type Decision = 'Allow' | 'Deny' | 'ImplicitDeny';

const wildcard = (pattern: string, s: string, ci: boolean): boolean =>
  new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$', ci ? 'i' : '').test(s);

function principalMatches(map: PrincipalMap, p: RequestPrincipal | undefined): boolean {
  if (map === '*') return true;
  if (!p) return false;
  const values = map[p.type] ?? [];
  return values.some((v) => {
    if (v === '*' || p.ids.includes(v)) return true;
    const root = /^(?:\d{12}|arn:aws[\w-]*:iam::(\d{12}):root)$/.exec(v);
    return p.type === 'AWS' && root !== null && (root[1] ?? v) === p.accountId;
  });
}

/** Resource patterns may hold policy variables; an unresolvable one matches nothing. */
const resourceMatches = (pattern: string, req: Request, version: string): boolean =>
  wildcardRegExp(pattern, req.context, version)?.test(req.resource!) ?? false;

function statementApplies(st: Statement, req: Request, version: string): boolean {
  if (st.principal && !principalMatches(st.principal, req.principal)) return false;
  if (st.notPrincipal && principalMatches(st.notPrincipal, req.principal)) return false;
  // Actions are case-insensitive in IAM; resources are case-sensitive.
  if (st.action && !st.action.some((a) => wildcard(a, req.action, true))) return false;
  if (st.notAction && st.notAction.some((a) => wildcard(a, req.action, true))) return false;
  if (req.resource !== undefined) {
    if (st.resource && !st.resource.some((r) => resourceMatches(r, req, version))) return false;
    if (st.notResource && st.notResource.some((r) => resourceMatches(r, req, version))) return false;
  }
  return Object.entries(st.condition).every(([op, keys]) =>
    Object.entries(keys).every(([key, values]) => {
      const resolved = values.map((v) => resolveString(v, req.context, version)).filter((v): v is string => v !== undefined);
      return evalCondition(op, key, resolved, req.context);
    }));
}

export function evaluate(policies: PolicyDocument[], req: Request): Decision {
  let allowed = false;
  for (const doc of policies) {
    for (const st of doc.statements) {
      if (!statementApplies(st, req, doc.version)) continue;
      if (st.effect === 'Deny') return 'Deny';
      allowed = true;
    }
  }
  return allowed ? 'Allow' : 'ImplicitDeny';
}

/** Trust-policy check for several actions that must all be allowed (e.g. AssumeRoleWithSAML + TagSession). */
export function allowsAll(trust: PolicyDocument, actions: string[], base: Omit<Request, 'action'>): string | undefined {
  return actions.find((action) => evaluate([trust], { ...base, action }) !== 'Allow');
}
