// Who may AssumeRole: the role's trust policy (a resource policy) together with
// the caller's effective identity permissions (identity ∩ session policies).
import { evaluate, type Request } from '../policy/evaluate.js';
import { layeredDecision } from '../effective.js';
import { callerAccount, callerPrincipalIds as principalIds } from '../permissions.js';
import type { Role } from '../model.js';
import type { Caller, Runtime } from '../runtime.js';

const trusts = (role: Role, req: Omit<Request, 'principal'>, ids: string[], accountId?: string): boolean =>
  evaluate([role.trustPolicy], { ...req, principal: { type: 'AWS', ids, ...(accountId ? { accountId } : {}) } }) === 'Allow';

/**
 * Same account: a trust policy naming the caller suffices; otherwise the caller's own permissions must
 * allow too. A session policy limits what a trust policy naming the *role* grants, but not what one
 * naming the *session ARN* grants (IAM User Guide, access_policies.md, "Session policies").
 */
export function mayAssume(rt: Runtime, caller: Caller, role: Role, req: Omit<Request, 'principal'>): boolean {
  const account = callerAccount(caller);
  if (!trusts(role, req, principalIds(caller), account)) return false;
  const { identity, session } = layeredDecision(rt, caller, req);
  if (identity === 'Deny' || session === 'Deny') return false;
  const sameAccount = role.accountId === account;
  if (caller.kind === 'session' && sameAccount && trusts(role, req, [caller.session.arn])) return true;
  const withinSession = session === undefined || session === 'Allow';
  const named = caller.kind === 'user' ? [caller.user.arn] : caller.session.roleArn ? [caller.session.roleArn] : [];
  return withinSession && (identity === 'Allow' || (sameAccount && trusts(role, req, named)));
}
