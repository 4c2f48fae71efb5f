// SAML IdP endpoints: metadata, SSO (Redirect + POST bindings), IdP-initiated
// login and the shared login form's submit handler.
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { isBridgeError } from '../../errors.ts';
import { logger } from '../../log.ts';
import { autoPostPage, loginPage, sendError, sendPage } from '../html.ts';
import type { SamlSpOption } from '../index.ts';
import { checkPassword, type DemoUser } from '../users.ts';
import { decodeSamlRequest, parseAuthnRequest } from './authn-request.ts';
import { issueSamlResponse } from './issue.ts';
import { openPending, sealPending, type PendingSaml } from './pending.ts';
import { idpMetadata } from './response.ts';

const log = logger('devidp.saml');
const MAX_RELAY_STATE = 1024;

export interface SamlRouteArgs {
  entityId: string;
  ssoUrl: string;
  certPem: string;
  keyPem: string;
  users: readonly DemoUser[];
  subjectKey: Buffer;
  stateKey: Buffer;
  sps: readonly SamlSpOption[];
  clock: () => number;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function fail(res: Response, e: unknown): void {
  const status = isBridgeError(e) ? e.status : 500;
  log.warn({ err: isBridgeError(e) ? e.detail ?? e.message : String(e) }, 'saml request refused');
  sendError(res, status, isBridgeError(e) ? e.message : 'Something went wrong.');
}

function form(a: SamlRouteArgs, pending: string, extra: { username?: string; error?: string } = {}): string {
  return loginPage({ title: 'Sign in (SAML)', action: '/saml/login', usernames: a.users.map((u) => u.username), hidden: { pending }, ...extra });
}

/** Shows the login form carrying the sealed pending request. */
function startLogin(a: SamlRouteArgs, res: Response, spEntityId: string, acsUrl: string, requestId: string | undefined, relayState: string): void {
  if (relayState.length > MAX_RELAY_STATE) return sendError(res, 400, 'RelayState is too long.');
  const p: Omit<PendingSaml, 'exp'> = { spEntityId, acsUrl, ...(requestId ? { requestId } : {}), ...(relayState ? { relayState } : {}) };
  sendPage(res, 200, form(a, sealPending(a.stateKey, p, a.clock())));
}

/** SP-initiated: HTTP-Redirect (query, deflated) or HTTP-POST (form body, plain base64). */
function ssoHandler(a: SamlRouteArgs, deflated: boolean): RequestHandler {
  return (req: Request, res: Response) => {
    try {
      const src = (deflated ? req.query : req.body ?? {}) as Record<string, unknown>;
      const info = parseAuthnRequest(decodeSamlRequest(str(src.SAMLRequest), deflated), a.sps);
      startLogin(a, res, info.spEntityId, info.acsUrl, info.id, str(src.RelayState));
    } catch (e) {
      fail(res, e);
    }
  };
}

/** Form submit: check the password, then answer with the auto-POST page to the sealed ACS URL. */
function loginHandler(a: SamlRouteArgs): RequestHandler {
  return (req: Request, res: Response) => {
    try {
      const token = str(req.body?.pending);
      const pending = openPending(a.stateKey, token, a.clock());
      const username = str(req.body?.username);
      const user = checkPassword(a.users, username, str(req.body?.password));
      if (!user) {
        log.info({ username, sp: pending.spEntityId }, 'saml login refused');
        return sendPage(res, 401, form(a, token, { username, error: 'Wrong username or password.' }));
      }
      const { base64 } = issueSamlResponse({ idpEntityId: a.entityId, key: a, subjectKey: a.subjectKey, pending, user, now: a.clock() });
      log.info({ username, sp: pending.spEntityId }, 'saml login');
      const fields = { SAMLResponse: base64, ...(pending.relayState ? { RelayState: pending.relayState } : {}) };
      sendPage(res, 200, autoPostPage(pending.acsUrl, fields));
    } catch (e) {
      fail(res, e);
    }
  };
}

export function samlRoutes(a: SamlRouteArgs): Router {
  const r = express.Router();
  const body = express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 20 });
  r.get('/saml/metadata', (_req, res) => {
    res.status(200).type('application/samlmetadata+xml; charset=utf-8').send(idpMetadata(a));
  });
  r.get('/saml/sso', ssoHandler(a, true));
  r.post('/saml/sso', body, ssoHandler(a, false));
  // IdP-initiated (testing): no AuthnRequest, so no InResponseTo; first registered ACS URL.
  r.get('/saml/login', (req, res) => {
    const sp = a.sps.find((s) => s.entityId === str(req.query.sp));
    if (!sp?.acsUrls[0]) return sendError(res, 403, 'Unknown service provider.');
    startLogin(a, res, sp.entityId, sp.acsUrls[0], undefined, str(req.query.RelayState));
  });
  r.post('/saml/login', body, loginHandler(a));
  return r;
}
