// What the browser routes add to the issuer's own checks: CSRF, the per-user
// rate limit, and, when a role refused an old sign-in (maxAuthAgeSec, checked
// in CredentialIssuer.assume), forgetting the identity so the next sign-in is
// a fresh one at the IdP.
import type { Request, Response } from 'express';
import { BridgeError } from '../errors.js';
import type { Limiter } from './rate-limit.js';
import { checkCsrf } from './session.js';

/** Runs before the role routes: CSRF, then the per-user rate limit. */
export async function guardRoleRequest(limits: Limiter, req: Request, res: Response): Promise<void> {
  if (!req.session.identity) return;
  const { identity } = checkCsrf(req);
  await limits.user('web', `${identity.idp}:${identity.subject}`, res);
}

/** True for the refusal that asks for a fresh sign-in. */
export function needsReauthentication(e: unknown): boolean {
  return e instanceof BridgeError && e.code === 'login_required' && e.extra?.reauthenticate === true;
}

/** After that refusal the session loses its identity and the next login asks the IdP to re-authenticate. */
export function forgetOnReauthentication(req: Request, e: unknown): void {
  if (!needsReauthentication(e)) return;
  delete req.session.identity;
  req.session.freshLogin = true;
}
