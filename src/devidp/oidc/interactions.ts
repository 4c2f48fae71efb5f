// Express routes for oidc-provider interactions: our shared login form for the
// login prompt, and automatic consent (dev only: every client is ours).
import express, { type Request, type Response, type Router } from 'express';
import type Provider from 'oidc-provider';
import { logger } from '../../log.ts';
import { loginPage, sendError, sendPage } from '../html.ts';
import { checkPassword, subjectFor, type DemoUser } from '../users.ts';

const log = logger('devidp.oidc');

export interface InteractionArgs {
  provider: Provider;
  users: readonly DemoUser[];
  subjectKey: Buffer;
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

function form(a: InteractionArgs, uid: string, extra: { username?: string; error?: string } = {}): string {
  return loginPage({
    title: 'Sign in (OIDC)',
    action: `/oidc/interaction/${encodeURIComponent(uid)}/login`,
    usernames: a.users.map((u) => u.username),
    ...extra,
  });
}

/** Grants exactly what the prompt says is missing, then resumes the authorization request. */
async function autoConsent(a: InteractionArgs, req: Request, res: Response, it: Details): Promise<void> {
  const { details } = it.prompt;
  const accountId = it.session?.accountId;
  if (!accountId) throw new Error('consent prompt without a session');
  const grant = it.grantId
    ? await a.provider.Grant.find(it.grantId)
    : new a.provider.Grant({ accountId, clientId: String(it.params.client_id) });
  if (!grant) throw new Error('grant not found');
  if (Array.isArray(details.missingOIDCScope)) grant.addOIDCScope(details.missingOIDCScope.join(' '));
  if (Array.isArray(details.missingOIDCClaims)) grant.addOIDCClaims(details.missingOIDCClaims as string[]);
  const missingRes = (details.missingResourceScopes ?? {}) as Record<string, string[]>;
  for (const [indicator, scopes] of Object.entries(missingRes)) grant.addResourceScope(indicator, scopes.join(' '));
  const grantId = await grant.save();
  await a.provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
}

/** Interaction cookie missing/expired and similar: a readable page, not a stack trace. */
function fail(res: Response, e: unknown): void {
  log.warn({ err: e instanceof Error ? e.message : String(e) }, 'oidc interaction failed');
  sendError(res, 400, 'This sign-in request expired or is not valid. Start again from the application.');
}

export function interactionRoutes(a: InteractionArgs): Router {
  const r = express.Router();
  const body = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 });

  r.get('/oidc/interaction/:uid', async (req, res) => {
    try {
      const it = await a.provider.interactionDetails(req, res);
      if (it.prompt.name === 'consent') return await autoConsent(a, req, res, it);
      sendPage(res, 200, form(a, it.uid));
    } catch (e) {
      fail(res, e);
    }
  });

  r.post('/oidc/interaction/:uid/login', body, async (req, res) => {
    try {
      const it = await a.provider.interactionDetails(req, res);
      // A replayed form after login already happened must not switch the account.
      if (it.prompt.name !== 'login') return await autoConsent(a, req, res, it);
      const username = typeof req.body?.username === 'string' ? req.body.username : '';
      const password = typeof req.body?.password === 'string' ? req.body.password : '';
      const user = checkPassword(a.users, username, password);
      if (!user) {
        log.info({ username }, 'oidc login refused');
        return sendPage(res, 401, form(a, it.uid, { username, error: 'Wrong username or password.' }));
      }
      log.info({ username }, 'oidc login');
      const accountId = subjectFor(a.subjectKey, user.username);
      await a.provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    } catch (e) {
      fail(res, e);
    }
  });
  return r;
}
