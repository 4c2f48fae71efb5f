// The STS Query API endpoint: POST / (form) and GET /?Action=…, dispatching to
// the action registry and answering in STS's XML envelopes.
import express, { type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import { StsError, isStsError } from './errors.js';
import { errorXml, successXml } from './xml.js';
import { Params } from './validate.js';
import { authenticate } from './auth.js';
import { checkCallerMayCall } from './permissions.js';
import { ACTIONS } from './actions/index.js';
import type { Trail } from './trail.js';
import type { Runtime, TrailInfo } from './runtime.js';
import type { Logger } from 'pino';

const VERSION = '2011-06-15';

function paramsOf(req: Request, body: Buffer): Params {
  const query = new URLSearchParams(req.originalUrl.split(/\?(.*)/s)[1] ?? '');
  const type = String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded');
  const form = req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body.toString('utf8')) : new URLSearchParams();
  return new Params(form, query);
}

export function queryApi(rt: Runtime, trail: Trail, log: Logger): express.RequestHandler {
  return async (req: Request, res: Response) => {
    const requestId = randomUUID();
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const params = paramsOf(req, body);
    const action = params.get('Action') ?? '';
    const info: TrailInfo = {};
    let error: StsError | undefined;
    try {
      const spec = Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : undefined;
      const version = params.get('Version');
      if (!spec || version !== VERSION) {
        throw new StsError('InvalidAction', `Could not find operation ${action} for version ${version ?? 'NO_VERSION_SPECIFIED'}`);
      }
      const caller = spec.auth === 'sigv4' ? await authenticate(rt, req, body) : undefined;
      if (caller) {
        info.userIdentity = callerIdentity(caller);
        checkCallerMayCall(action, caller);
      }
      const { result } = await spec.run(rt, { params, requestId, sourceIp: req.ip ?? '', userAgent: req.get('user-agent') ?? '', ...(caller ? { caller } : {}) }, info);
      res.status(200).type('text/xml').send(successXml(action, result, requestId));
    } catch (e) {
      error = isStsError(e) ? e : new StsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', String(e));
      if (error.code === 'InternalFailure') log.error({ err: e, requestId }, 'STS action failed');
      else log.info({ code: error.code, detail: error.detail, requestId, action }, 'STS request refused');
      res.status(error.status).type('text/xml').send(errorXml(error, requestId));
    }
    trail.record({
      ...info,
      eventName: action || 'Unknown',
      eventTime: rt.clock(),
      region: rt.region,
      sourceIPAddress: req.ip ?? '',
      userAgent: req.get('user-agent') ?? '',
      requestID: requestId,
      errorCode: error?.code,
      errorMessage: error?.message,
    });
  };
}

function callerIdentity(c: NonNullable<import('./runtime.js').ActionRequest['caller']>): Record<string, unknown> {
  if (c.kind === 'user') return { type: 'IAMUser', principalId: c.user.userId, arn: c.user.arn, accountId: c.user.accountId, accessKeyId: c.accessKeyId, userName: c.user.name };
  const s = c.session;
  if (!s.roleArn) return { type: s.issuedBy === 'GetFederationToken' ? 'FederatedUser' : 'IAMUser', principalId: s.userId, arn: s.arn, accountId: s.accountId, accessKeyId: s.accessKeyId };
  return {
    type: 'AssumedRole', principalId: s.userId, arn: s.arn, accountId: s.accountId, accessKeyId: s.accessKeyId,
    sessionContext: { sessionIssuer: { type: 'Role', principalId: s.userId.split(':')[0], arn: s.roleArn, accountId: s.accountId, userName: s.roleName }, attributes: { creationDate: new Date(s.issuedAt).toISOString(), mfaAuthenticated: 'false' }, ...(s.sourceIdentity ? { sourceIdentity: s.sourceIdentity } : {}) },
  };
}
