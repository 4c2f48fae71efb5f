// GetSessionToken and GetFederationToken: long-term IAM user keys only;
// durations 900–129600 s (default 43200).
import { StsError } from '../errors.js';
import { PATTERNS, int, required, str } from '../validate.js';
import { credentialsXml, newKeys, type SessionRecord } from '../credentials.js';
import { verifyMfa } from '../mfa.js';
import { evaluate } from '../policy/evaluate.js';
import { callerContext } from '../permissions.js';
import { requestTags } from './tag-params.js';
import { checkTags } from '../tags.js';
import { sessionPolicy } from './role-session.js';
import type { ActionSpec } from '../runtime.js';

function userSession(base: Omit<SessionRecord, 'accessKeyId' | 'secretAccessKey' | 'sessionToken' | 'chained' | 'transitiveTagKeys'>): SessionRecord {
  return { ...newKeys(), ...base, chained: false, transitiveTagKeys: [] };
}

export const getSessionToken: ActionSpec = {
  auth: 'sigv4',
  async run(rt, req, trail) {
    const p = req.params;
    const caller = req.caller!;
    if (caller.kind !== 'user') throw new StsError('AccessDenied', 'Cannot call GetSessionToken with session credentials');
    const duration = int(p, 'DurationSeconds', 900, 129600) ?? 43200;
    const serial = str(p, 'SerialNumber', { min: 9, max: 256, pattern: /^[\w+=/:,.@-]*$/ });
    const code = str(p, 'TokenCode', { min: 6, max: 6, pattern: /^\d*$/ });
    trail.requestParameters = { durationSeconds: duration, serialNumber: serial };
    if (serial !== undefined || code !== undefined) verifyMfa(caller.user, serial ?? '', code ?? '', rt.clock());
    const now = rt.clock();
    const u = caller.user;
    const rec = userSession({ expiration: now + duration * 1000, issuedAt: now, accountId: u.accountId, issuedBy: 'GetSessionToken', arn: u.arn, userId: u.userId, tags: u.tags, ...(serial ? { mfaAuthenticated: true } : {}) });
    await rt.store.put(rec);
    trail.responseElements = { credentials: { accessKeyId: rec.accessKeyId, expiration: new Date(rec.expiration).toISOString() } };
    return { result: { Credentials: credentialsXml(rec) }, trail };
  },
};

export const getFederationToken: ActionSpec = {
  auth: 'sigv4',
  async run(rt, req, trail) {
    const p = req.params;
    const caller = req.caller!;
    if (caller.kind !== 'user') throw new StsError('AccessDenied', 'Cannot call GetFederationToken with session credentials');
    const name = required(p, 'Name', { min: 2, max: 32, pattern: PATTERNS.sessionName });
    const duration = int(p, 'DurationSeconds', 900, 129600) ?? 43200;
    trail.requestParameters = { name, durationSeconds: duration };
    const { pairs, transitive } = requestTags(p);
    if (transitive.length) throw new StsError('ValidationError', 'TransitiveTagKeys are not supported for GetFederationToken');
    const tags = checkTags(pairs, [], 'ValidationError');
    const u = caller.user;
    const ctx = callerContext(rt, caller, req.sourceIp);
    const actions = ['sts:GetFederationToken', ...(pairs.length ? ['sts:TagSession'] : [])];
    const resource = `arn:${rt.model.partition}:sts::${u.accountId}:federated-user/${name}`;
    if (actions.some((action) => evaluate(u.policies, { action, resource, context: ctx }) !== 'Allow')) {
      throw new StsError('AccessDenied', `User: ${u.arn} is not authorized to perform: sts:GetFederationToken on resource: ${resource}`);
    }
    // Without session policies a federated user has no permissions at all: record an empty boundary.
    const { packed, sessionPolicies = { arns: [] } } = sessionPolicy(rt, p, 2048, tags, u.accountId);
    const now = rt.clock();
    const rec = userSession({ expiration: now + duration * 1000, issuedAt: now, accountId: u.accountId, issuedBy: 'GetFederationToken', arn: resource, userId: `${u.accountId}:${name}`, tags: tags.tags, sessionPolicies, ownerArn: u.arn });
    await rt.store.put(rec);
    const federatedUser = { FederatedUserId: rec.userId, Arn: rec.arn };
    trail.responseElements = { credentials: { accessKeyId: rec.accessKeyId, expiration: new Date(rec.expiration).toISOString() }, federatedUser, packedPolicySize: packed };
    return { result: { Credentials: credentialsXml(rec), FederatedUser: federatedUser, PackedPolicySize: packed }, trail };
  },
};

export const getAccessKeyInfo: ActionSpec = {
  auth: 'sigv4',
  async run(rt, req, trail) {
    const id = required(req.params, 'AccessKeyId', { min: 16, max: 128, pattern: /^\w*$/ });
    trail.requestParameters = { accessKeyId: id };
    const account = rt.model.accessKeys.get(id)?.user.accountId ?? (await rt.store.get(id))?.accountId;
    if (!account) throw new StsError('ValidationError', `No access key ${id} is known to this STS`);
    return { result: { Account: account }, trail };
  },
};
