// A caller's effective permissions for later requests: identity policies ∩
// session policies (access_policies.md#policies_session). A session issued
// without session policies is bounded by its identity policies alone.
import { parsePolicy, type PolicyDocument } from './policy/document.js';
import { evaluate, type Decision, type Request } from './policy/evaluate.js';
import type { SessionRecord } from './credentials.js';
import type { Caller, Runtime } from './runtime.js';

const parsed = new Map<string, PolicyDocument>();

/** Session policies were validated when the session was issued; parse once per distinct text. */
function inlineDoc(text: string): PolicyDocument {
  let doc = parsed.get(text);
  if (!doc) {
    if (parsed.size > 1000) parsed.clear();
    doc = parsePolicy(text);
    parsed.set(text, doc);
  }
  return doc;
}

/** The session-policy boundary, or undefined when the session has none. */
export function sessionBoundary(rt: Runtime, rec: SessionRecord): PolicyDocument[] | undefined {
  const sp = rec.sessionPolicies;
  if (!sp) return undefined;
  const docs = sp.arns.flatMap((arn) => rt.model.managedPolicies.get(arn) ?? []);
  return sp.inline !== undefined ? [inlineDoc(sp.inline), ...docs] : docs;
}

/** Identity policies of the caller: the user's, or the role's for a role session. */
export function identityPolicies(rt: Runtime, c: Caller): PolicyDocument[] {
  if (c.kind === 'user') return c.user.policies;
  if (c.session.roleArn) return rt.model.roles.get(c.session.roleArn)?.policies ?? [];
  const owner = c.session.issuedBy === 'GetFederationToken' ? c.session.ownerArn : c.session.arn;
  return (owner && rt.model.users.get(owner)?.policies) || [];
}

/** Decisions of the two layers, kept apart because a resource policy naming the session bypasses the boundary. */
export function layeredDecision(rt: Runtime, c: Caller, req: Request): { identity: Decision; session: Decision | undefined } {
  const identity = evaluate(identityPolicies(rt, c), req);
  const bound = c.kind === 'session' ? sessionBoundary(rt, c.session) : undefined;
  return { identity, session: bound ? evaluate(bound, req) : undefined };
}

/** Identity-based evaluation for a later request: an explicit Deny in either layer wins; both must Allow. */
export function effectiveDecision(rt: Runtime, c: Caller, req: Request): Decision {
  const { identity, session } = layeredDecision(rt, c, req);
  if (identity === 'Deny' || session === 'Deny') return 'Deny';
  return identity === 'Allow' && (session === undefined || session === 'Allow') ? 'Allow' : 'ImplicitDeny';
}
