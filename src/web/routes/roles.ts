// The signed-in part: the role picker, credentials, the console button, logout.
import { Router, type Request, type Response } from 'express';
import { who, type Identity } from '../../identity.js';
import type { BridgeContext } from '../context.js';
import { consoleUrlFor } from '../console-url.js';
import { roleAndDuration } from '../inputs.js';
import { credentialsPage, noRolesPage, rolesPage, type Session } from '../pages.js';
import { forgetOnReauthentication } from '../auth-age.js';
import { reqCtx } from '../request-context.js';
import { checkCsrf, regenerate, requireSignedIn, saveSession } from '../session.js';

const view = (identity: { username?: string; email?: string; subject: string }, csrf: string): Session => ({ user: who(identity as never), csrf });

/** The form's role and duration, through the issuer; a refusal asking for a fresh sign-in forgets the session's identity. */
async function issueFromForm(ctx: BridgeContext, req: Request, res: Response, identity: Identity) {
  const { roleArn, durationSec } = roleAndDuration(req.body?.role, req.body?.duration, true);
  return ctx.issuer.assume(identity, roleArn, { ...(durationSec !== undefined ? { durationSec } : {}), ctx: reqCtx(req, res) })
    .catch((e: unknown) => { forgetOnReauthentication(req, e); res.locals.audited = true; throw e; });
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
    const out = await issueFromForm(ctx, req, res, s.identity);
    res.locals.audited = true;
    res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache');
    res.type('html').send(credentialsPage(view(s.identity, s.csrf), out.role, out.credentials, out.durationSec, ctx.config.aws.region, out.durationNote));
  });

  r.post('/console', async (req, res) => {
    const s = checkCsrf(req);
    const out = await issueFromForm(ctx, req, res, s.identity);
    const url = await consoleUrlFor(ctx, res, { identity: s.identity, issued: out, destination: ctx.consoleDestination, rc: reqCtx(req, res) });
    // The sign-in URL is a bearer secret for 15 minutes: redirect at once, never render or store it.
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').redirect(303, url);
  });

  r.post('/logout', async (req, res) => {
    const s = checkCsrf(req);
    ctx.audit.emit({ event: 'logout', outcome: 'success', user: who(s.identity), idp: s.identity.idp, ...reqCtx(req, res) });
    // A new, short session whose only content says: the next sign-in must ask
    // for the password (OIDC prompt=login, SAML ForceAuthn), so signing out on
    // a shared machine does not hand the next person this IdP session.
    await regenerate(req);
    req.session.freshLogin = true;
    req.session.cookie.maxAge = 15 * 60_000;
    await saveSession(req);
    res.redirect(303, '/');
  });

  return r;
}
