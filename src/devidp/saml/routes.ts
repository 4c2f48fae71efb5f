// SAML IdP endpoints: metadata, SSO (Redirect + POST bindings), IdP-initiated
// login and the shared login form's submit handler.
import express, { type Response, type Router } from 'express';
import { isBridgeError } from '../../errors.ts';
import { logger } from '../../log.ts';
import { autoPostPage, loginPage, sendError, sendPage } from '../html.ts';
import type { SamlSpOption } from '../types.ts';
import { checkPassword, type DemoUser } from '../users.ts';
import { decodeSamlRequest, parseAuthnRequest } from './authn-request.ts';
import { issueSamlResponse } from './issue.ts';
import { idpMetadata } from './metadata.ts';
import { openPending, sealPending, type PendingSaml } from './pending.ts';

const log = logger('devidp.saml');
const MAX_RELAY_STATE = 1024;

export interface SamlRouteArgs {
  entityId: string;
  ssoUrl: string;
  certPem: string;
  keyPem: string;
  basePath: string;
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

export function samlRoutes(a: SamlRouteArgs): Router {
  const r = express.Router();
  const body = express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 20 });
  const form = (pending: string, extra: { username?: string; error?: string } = {}) =>
    loginPage({ title: 'Sign in (SAML)', action: `${a.basePath}/saml/login`, usernames: a.users.map((u) => u.username), hidden: { pending }, ...extra });

  const startLogin = (res: Response, p: Omit<PendingSaml, 'exp'>): void => {
    if ((p.relayState?.length ?? 0) > MAX_RELAY_STATE) return sendError(res, 400, 'RelayState is too long.');
    sendPage(res, 200, form(sealPending(a.stateKey, p, a.clock())));
  };

  r.get('/saml/metadata', (_req, res) => {
    res.status(200).type('application/samlmetadata+xml; charset=utf-8').send(idpMetadata(a));
  });

  const sso = (deflated: boolean) => (req: express.Request, res: Response): void => {
    try {
      const src = deflated ? req.query : (req.body ?? {});
      const info = parseAuthnRequest(decodeSamlRequest(str(src.SAMLRequest), deflated), a.sps);
      const relayState = str(src.RelayState);
      startLogin(res, { spEntityId: info.spEntityId, acsUrl: info.acsUrl, requestId: info.id, ...(relayState ? { relayState } : {}) });
    } catch (e) {
      fail(res, e);
    }
  };
  r.get('/saml/sso', sso(true));
  r.post('/saml/sso', body, sso(false));

  // IdP-initiated (testing): no AuthnRequest, so no InResponseTo; first registered ACS URL.
  r.get('/saml/login', (req, res) => {
    const sp = a.sps.find((s) => s.entityId === str(req.query.sp));
    if (!sp?.acsUrls[0]) return sendError(res, 403, 'Unknown service provider.');
    const relayState = str(req.query.RelayState);
    startLogin(res, { spEntityId: sp.entityId, acsUrl: sp.acsUrls[0], ...(relayState ? { relayState } : {}) });
  });

  r.post('/saml/login', body, (req, res) => {
    try {
      const pending = openPending(a.stateKey, str(req.body?.pending), a.clock());
      const username = str(req.body?.username);
      const user = checkPassword(a.users, username, str(req.body?.password));
      if (!user) {
        log.info({ username, sp: pending.spEntityId }, 'saml login refused');
        return sendPage(res, 401, form(str(req.body?.pending), { username, error: 'Wrong username or password.' }));
      }
      const { base64 } = issueSamlResponse({ idpEntityId: a.entityId, key: a, subjectKey: a.subjectKey, pending, user, now: a.clock() });
      log.info({ username, sp: pending.spEntityId }, 'saml login');
      const fields: Record<string, string> = { SAMLResponse: base64, ...(pending.relayState ? { RelayState: pending.relayState } : {}) };
      sendPage(res, 200, autoPostPage(pending.acsUrl, fields));
    } catch (e) {
      fail(res, e);
    }
  });
  return r;
}
