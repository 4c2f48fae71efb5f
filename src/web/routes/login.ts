// Sign-in: send the browser to the chosen IdP, and take its answer back
// (SAML ACS or OIDC callback) into a fresh session holding a verified identity.
import { Router, type NextFunction, type Request, type Response } from 'express';
import { BridgeError } from '../../errors.js';
import { who, type Identity } from '../../identity.js';
import type { BridgeContext, ResolvedIdp } from '../context.js';
import { withBrowserBinding } from '../../connectors/saml-binding.js';
import { loginCookie, startLoginCookie } from '../login-cookie.js';
import { takeReturnTo } from '../return-to.js';
import { signIn } from '../session.js';

function findIdp(ctx: BridgeContext, id: string | undefined, type?: 'saml' | 'oidc'): ResolvedIdp {
  const idp = ctx.idps.find((i) => i.config.id === id && (!type || i.config.type === type));
  if (!idp) throw new BridgeError('unknown_idp', 'There is no such sign-in option.');
  return idp;
}

/** Runs a passport strategy and resolves with the verified identity. */
function authenticate(ctx: BridgeContext, idp: ResolvedIdp, req: Request, res: Response, next: NextFunction): Promise<Identity | undefined> {
  const failure = idp.config.type === 'saml' ? 'invalid_saml_response' : 'invalid_token';
  return new Promise((resolve, reject) => {
    ctx.passport.authenticate(idp.strategy, { session: false }, (err: unknown, user: unknown, info: unknown) => {
      if (err) return reject(err instanceof BridgeError ? err : new BridgeError(failure, 'Sign-in failed: the identity provider\'s answer could not be verified.', { detail: err instanceof Error ? err.message : String(err), cause: err }));
      if (!user) return reject(new BridgeError(failure, 'Sign-in failed.', { detail: JSON.stringify(info ?? null) }));
      resolve(user as Identity);
    })(req, res, (e?: unknown) => (e ? reject(e) : next()));
  });
}

const PENDING_LOGIN_MS = 15 * 60_000;

export function loginRoutes(ctx: BridgeContext): Router {
  const r = Router();
  const secure = ctx.publicBaseUrl.startsWith('https://');

  r.get('/login/:idp', (req, res, next) => {
    const idp = findIdp(ctx, req.params.idp);
    // After a role refused an old sign-in, ask the IdP to authenticate again
    // rather than hand back its existing session (SAML ForceAuthn, OIDC prompt=login).
    const fresh = req.session.freshLogin === true;
    const strategy = fresh && idp.freshStrategy ? idp.freshStrategy : idp.strategy;
    // A login in progress (OIDC state, nonce, PKCE verifier) needs minutes, not
    // the hours of a signed-in session; sign-in starts a new, full-length one.
    if (!req.session.identity) req.session.cookie.maxAge = PENDING_LOGIN_MS;
    const run = () => ctx.passport.authenticate(strategy, { session: false, ...(fresh && idp.config.type === 'oidc' ? { prompt: 'login' } : {}) })(req, res, next);
    // The strategy answers with a redirect to the IdP; nothing to resolve.
    if (idp.config.type !== 'saml') return run();
    // A SAML request ID is good only in the browser that asked for it (login CSRF).
    withBrowserBinding(startLoginCookie(req, res, secure), run);
  });

  const finish = (type: 'saml' | 'oidc') => async (req: Request, res: Response, next: NextFunction) => {
    const idp = findIdp(ctx, String(req.params.idp), type);
    let identity: Identity | undefined;
    try {
      identity = type === 'saml'
        ? await withBrowserBinding(loginCookie(req), () => authenticate(ctx, idp, req, res, next))
        : await authenticate(ctx, idp, req, res, next);
    } catch (e) {
      const err = e instanceof BridgeError ? e : new BridgeError('server_error', 'Sign-in failed.', { cause: e });
      ctx.audit.emit({ event: 'sign_in', outcome: 'failure', reason: err.code, detail: err.detail, idp: idp.config.id, sourceIp: req.ip, correlationId: res.locals.correlationId });
      res.locals.audited = true;
      throw err;
    }
    if (!identity) return;
    const returnTo = takeReturnTo(req, res);
    await signIn(req, identity, ctx.clock());
    ctx.audit.emit({ event: 'sign_in', outcome: 'success', idp: identity.idp, user: who(identity), subject: identity.subject, groups: identity.groups, sourceIp: req.ip, correlationId: res.locals.correlationId });
    res.redirect(303, returnTo ?? '/roles');
  };

  r.post('/saml/acs/:idp', finish('saml'));
  r.get('/oidc/callback/:idp', finish('oidc'));
  return r;
}
