// AssumeRole: SigV4 caller (IAM user or role session), trust policy with an
// AWS principal, ExternalId, MFA, session tags and role chaining (1 h cap).
import { StsError } from '../errors.js';
import { PATTERNS, int, required, str } from '../validate.js';
import { tagContext } from '../tags.js';
import { verifyMfa } from '../mfa.js';
import { callerArn, callerContext } from '../permissions.js';
import { mayAssume } from './assume-role-auth.js';
import { chainedTags } from './tag-params.js';
import { issueRoleSession, roleSessionResult, sessionPolicy } from './role-session.js';
import type { ActionSpec } from '../runtime.js';

export const assumeRole: ActionSpec = {
  auth: 'sigv4',
  async run(rt, req, trail) {
    const p = req.params;
    const caller = req.caller!;
    const roleArn = required(p, 'RoleArn', { min: 20, max: 2048 });
    const sessionName = required(p, 'RoleSessionName', { min: 2, max: 64, pattern: PATTERNS.sessionName });
    const externalId = str(p, 'ExternalId', { min: 2, max: 1224, pattern: PATTERNS.externalId });
    const requestedSource = str(p, 'SourceIdentity', { min: 2, max: 64, pattern: PATTERNS.sessionName });
    const serial = str(p, 'SerialNumber', { min: 9, max: 256, pattern: /^[\w+=/:,.@-]*$/ });
    const tokenCode = str(p, 'TokenCode', { min: 6, max: 6, pattern: /^\d*$/ });
    const duration = int(p, 'DurationSeconds', 900, 43200) ?? 3600;
    trail.requestParameters = { roleArn, roleSessionName: sessionName, durationSeconds: duration, externalId, sourceIdentity: requestedSource, serialNumber: serial };
    if (requestedSource?.toLowerCase().startsWith('aws:')) throw new StsError('ValidationError', 'SourceIdentity must not begin with "aws:"');

    const parent = caller.kind === 'session' ? caller.session : undefined;
    const chained = parent?.roleArn !== undefined;
    const denied = new StsError('AccessDenied', `User: ${callerArn(caller)} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    const role = rt.model.roles.get(roleArn);
    if (!role) throw denied;
    if (chained && duration > 3600) throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    if (duration > role.maxSessionDuration) throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
    // The source identity is immutable once set on a session chain.
    if (parent?.sourceIdentity && requestedSource && requestedSource !== parent.sourceIdentity) throw denied;
    const source = parent?.sourceIdentity ?? requestedSource;
    let mfa = parent?.mfaAuthenticated === true;
    if (serial !== undefined || tokenCode !== undefined) {
      if (caller.kind !== 'user' || !serial || !tokenCode) throw new StsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
      verifyMfa(caller.user, serial, tokenCode, rt.clock());
      mfa = true;
    }
    const tags = chainedTags(p, parent);

    const ctx = callerContext(rt, caller, req.sourceIp);
    ctx.set('aws:multifactorauthpresent', String(mfa));
    ctx.set('sts:rolesessionname', sessionName);
    if (externalId !== undefined) ctx.set('sts:externalid', externalId);
    if (source) ctx.set('sts:sourceidentity', source);
    for (const [k, v] of tagContext(tags)) ctx.set(k, v);
    for (const [k, v] of Object.entries({ ...role.tags, ...tags.tags })) ctx.set(`aws:resourcetag/${k.toLowerCase()}`, v);
    const actions = ['sts:AssumeRole', ...(Object.keys(tags.tags).length ? ['sts:TagSession'] : []), ...(source ? ['sts:SetSourceIdentity'] : [])];
    for (const action of actions) if (!mayAssume(rt, caller, role, { action, resource: role.arn, context: ctx })) throw denied;
    const { packed, sessionPolicies } = sessionPolicy(rt, p, undefined, tags, role.accountId);
    const principalContext = parent?.principalContext;
    const rec = await issueRoleSession(rt, { role, sessionName, durationSeconds: duration, issuedBy: 'AssumeRole', chained, sourceIdentity: source, tags, mfa, sessionPolicies, ...(principalContext ? { principalContext } : {}) });
    trail.recipientAccountId = role.accountId;
    trail.responseElements = { credentials: { accessKeyId: rec.accessKeyId, expiration: new Date(rec.expiration).toISOString() }, assumedRoleUser: { assumedRoleId: rec.userId, arn: rec.arn }, packedPolicySize: packed, sourceIdentity: source };
    return { result: roleSessionResult(rec, packed), trail };
  },
};
