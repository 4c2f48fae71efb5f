// The browser half of the CLI's sign-in: the loopback authorization request
// (RFC 8252) and the device approval page (RFC 8628). The API half, which the
// CLI calls itself, is in native-api.ts and is mounted from here.
import { Router, type Request, type Response } from 'express';
import { issueCode } from '../../native/code-grant.js';
import { clientDescription } from '../../native/client-description.js';
import { decide, pendingClient } from '../../native/device-grant.js';
import { authorizePage, deviceDonePage, devicePage } from '../../native/pages.js';
import { checkChallenge, checkLoopbackRedirect } from '../../native/pkce.js';
import { BridgeError } from '../../errors.js';
import { who } from '../../identity.js';
import type { BridgeContext } from '../context.js';
import { rememberReturnTo } from '../return-to.js';
import { checkCsrf } from '../session.js';
import { nativeApiRoutes } from './native-api.js';

/** Signed in, or sent to the sign-in page with a way back here. */
function signedInOrLogin(req: Request, res: Response): boolean {
  if (req.session.identity && req.session.csrf) return true;
  rememberReturnTo(req, res, req.originalUrl);
  res.set('Cache-Control', 'no-store').redirect(303, '/');
  return false;
}

function authorizeParams(q: Record<string, unknown>) {
  const redirectUri = checkLoopbackRedirect(q.redirect_uri);
  const challenge = checkChallenge(q.code_challenge, q.code_challenge_method);
  const state = q.state;
  if (typeof state !== 'string' || !/^[\w.~-]{8,200}$/.test(state)) throw new BridgeError('invalid_request', 'state is required.');
  return { redirectUri, challenge, state };
}

export function nativeRoutes(ctx: BridgeContext): Router {
  const r = Router();
  const maxAgeMs = ctx.config.session.maxAgeSec * 1000;
  const sessionEnd = (req: Request) => (req.session.signedInAt ?? ctx.clock()) + maxAgeMs;

  // Checked before sign-in so a bad request never bounces through the IdP.
  r.get('/native/authorize', (req, res) => {
    const p = authorizeParams(req.query);
    if (!signedInOrLogin(req, res)) return;
    // Browsers apply form-action to the redirect that follows the POST: allow this one loopback origin.
    const csp = res.get('Content-Security-Policy');
    if (csp) res.set('Content-Security-Policy', csp.replace('form-action ', `form-action ${new URL(p.redirectUri).origin} `));
    res.set('Cache-Control', 'no-store').type('html').send(authorizePage({ user: who(req.session.identity!), csrf: req.session.csrf! },
      { redirect_uri: p.redirectUri, code_challenge: p.challenge, code_challenge_method: 'S256', state: p.state }, clientDescription(req.query.client_description)));
  });

  r.post('/native/authorize', async (req, res) => {
    const s = checkCsrf(req);
    const p = authorizeParams(req.body ?? {});
    const code = await issueCode(ctx.store, { identity: s.identity, challenge: p.challenge, redirectUri: p.redirectUri, sessionExpiresAt: sessionEnd(req) });
    const back = new URL(p.redirectUri);
    back.searchParams.set('code', code);
    back.searchParams.set('state', p.state);
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer').redirect(303, back.href);
  });

  r.get('/device', async (req, res) => {
    if (!signedInOrLogin(req, res)) return;
    const code = typeof req.query.user_code === 'string' ? req.query.user_code.slice(0, 16) : '';
    const client = code ? await pendingClient(ctx.store, code) : undefined;
    res.set('Cache-Control', 'no-store').type('html').send(devicePage({ user: who(req.session.identity!), csrf: req.session.csrf! }, code, client));
  });

  r.post('/device', async (req, res) => {
    const s = checkCsrf(req);
    const decision: unknown = req.body?.decision;
    // Named by the button pressed; anything else is not a choice the person made.
    if (decision !== 'approve' && decision !== 'deny') throw new BridgeError('invalid_request', 'Press Approve or Deny.');
    const approved = decision === 'approve';
    const base = { user: who(s.identity), idp: s.identity.idp, subject: s.identity.subject, sourceIp: req.ip, correlationId: res.locals.correlationId as string };
    await decide(ctx.store, req.body?.user_code, approved ? { approved, identity: s.identity, sessionExpiresAt: sessionEnd(req) } : { approved }, ctx.clock());
    ctx.audit.emit({ event: 'sign_in', outcome: approved ? 'success' : 'failure', grant: 'device_approval', ...(approved ? {} : { reason: 'access_denied' }), ...base });
    res.set('Cache-Control', 'no-store').type('html').send(deviceDonePage({ user: who(s.identity), csrf: s.csrf }, approved));
  });

  r.use(nativeApiRoutes(ctx));
  return r;
}
