// Maximum authentication age per role: a rule may say its roles need a sign-in
// at most `maxAuthAgeSec` old (identity.authTime: SAML AuthnInstant, OIDC
// auth_time). Older sign-ins are refused with `login_required` before any STS
// call; the browser session loses its identity so "Start again" signs in anew.
import type { Request, Response } from 'express';
import { BridgeError } from '../errors.js';
import { who, type Identity } from '../identity.js';
import type { BridgeContext } from './context.js';
import type { Limiter } from './rate-limit.js';
import { checkCsrf } from './session.js';

export function requireRecentAuth(ctx: BridgeContext, id: Identity, roleArn: string | undefined, reqCtx: { sourceIp?: string; correlationId?: string }): void {
  const roles = ctx.issuer.decide(id, reqCtx).roles;
  const role = roleArn === undefined ? (roles.length === 1 ? roles[0] : undefined) : roles.find((r) => r.arn === roleArn);
  if (role?.maxAuthAgeSec === undefined) return;
  const ageSec = Math.floor(ctx.clock() / 1000) - id.authTime;
  if (ageSec > role.maxAuthAgeSec) {
    throw new BridgeError('login_required', 'This role needs a recent sign-in. Please sign in again.', { detail: `reauthentication: signed in ${ageSec}s ago, ${role.arn} allows ${role.maxAuthAgeSec}s` });
  }
}

/** Runs before the role routes: CSRF, the per-user rate limit, then the authentication age. */
export async function guardRoleRequest(ctx: BridgeContext, limits: Limiter, req: Request, res: Response): Promise<void> {
  if (!req.session.identity) return;
  const { identity } = checkCsrf(req);
  await limits.user('web', `${identity.idp}:${identity.subject}`, res);
  const roleArn = typeof req.body?.role === 'string' ? req.body.role : undefined;
  try {
    requireRecentAuth(ctx, identity, roleArn, { sourceIp: req.ip ?? '', correlationId: res.locals.correlationId as string });
  } catch (e) {
    // Audited here, while the session still says who it was; then the identity goes.
    const err = e as BridgeError;
    ctx.audit.emit({ event: 'request_refused', outcome: 'failure', reason: err.code, detail: err.detail, role: roleArn, user: who(identity), idp: identity.idp, sourceIp: req.ip, correlationId: res.locals.correlationId });
    res.locals.audited = true;
    delete req.session.identity;
    req.session.freshLogin = true;
    throw e;
  }
}
