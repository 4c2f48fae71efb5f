// The signed-in part: the role picker, credentials, the console button, logout.
import { Router, type Request, type Response } from 'express';
import { consoleSigninUrl } from '../../aws/console.js';
import { BridgeError } from '../../errors.js';
import { who } from '../../identity.js';
import { outboundFor } from '../../net/outbound.js';
import type { BridgeContext } from '../context.js';
import { credentialsPage, noRolesPage, rolesPage, type Session } from '../pages.js';
import { forgetOnReauthentication } from '../auth-age.js';
import { checkCsrf, requireSignedIn } from '../session.js';

const view = (identity: { username?: string; email?: string; subject: string }, csrf: string): Session => ({ user: who(identity as never), csrf });

function reqCtx(req: Request, res: Response) {
  return { sourceIp: req.ip ?? '', correlationId: res.locals.correlationId as string };
}

function formInputs(req: Request): { roleArn: string; durationSec?: number } {
  const roleArn = req.body?.role;
  if (typeof roleArn !== 'string' || roleArn.length === 0) throw new BridgeError('invalid_request', 'Choose a role first.');
  const d = req.body?.duration;
  if (d === undefined || d === '') return { roleArn };
  const durationSec = Number(d);
  if (!Number.isInteger(durationSec)) throw new BridgeError('invalid_request', 'The session length must be a number of seconds.');
  return { roleArn, durationSec };
}

export function roleRoutes(ctx: BridgeContext): Router {
  const r = Router();

  r.get('/roles', async (req, res) => {
    const s = requireSignedIn(req);
    const { decision } = await ctx.issuer.decideResolved(s.identity, reqCtx(req, res));
    res.set('Cache-Control', 'no-store');
    if (decision.roles.length === 0) {
      res.status(403).type('html').send(noRolesPage(view(s.identity, s.csrf)));
      return;
    }
    res.type('html').send(rolesPage(view(s.identity, s.csrf), decision.roles));
  });

  r.post('/credentials', async (req, res) => {
    const s = checkCsrf(req);
    const { roleArn, durationSec } = formInputs(req);
    const out = await ctx.issuer.assume(s.identity, roleArn, { ...(durationSec ? { durationSec } : {}), ctx: reqCtx(req, res) })
      .catch((e: unknown) => { forgetOnReauthentication(req, e); res.locals.audited = true; throw e; });
    res.locals.audited = true;
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
    res.type('html').send(credentialsPage(view(s.identity, s.csrf), out.role, out.credentials, out.durationSec, ctx.config.aws.region, out.durationNote));
  });

  r.post('/console', async (req, res) => {
    const s = checkCsrf(req);
    const { roleArn, durationSec } = formInputs(req);
    const out = await ctx.issuer.assume(s.identity, roleArn, { ...(durationSec ? { durationSec } : {}), ctx: reqCtx(req, res) })
      .catch((e: unknown) => { forgetOnReauthentication(req, e); res.locals.audited = true; throw e; });
    const url = await consoleSigninUrl({
      federationEndpoint: ctx.federationEndpoint, credentials: out.credentials,
      issuer: `${ctx.publicBaseUrl}/`, destination: ctx.consoleDestination, fetchImpl: outboundFor(ctx.config).fetch,
    }).catch((e: unknown) => {
      ctx.audit.emit({ event: 'console_url', outcome: 'failure', reason: (e as BridgeError).code ?? 'server_error', detail: (e as BridgeError).detail, role: roleArn, user: who(s.identity), idp: s.identity.idp, ...reqCtx(req, res) });
      res.locals.audited = true;
      throw e;
    });
    ctx.audit.emit({ event: 'console_url', outcome: 'success', role: out.role.arn, user: who(s.identity), idp: s.identity.idp, ...reqCtx(req, res) });
    // The sign-in URL is a bearer secret for 15 minutes: redirect at once, never render or store it.
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').redirect(303, url);
  });

  r.post('/logout', (req, res) => {
    const s = checkCsrf(req);
    ctx.audit.emit({ event: 'logout', outcome: 'success', user: who(s.identity), idp: s.identity.idp, ...reqCtx(req, res) });
    req.session.destroy(() => res.redirect(303, '/'));
  });

  return r;
}
