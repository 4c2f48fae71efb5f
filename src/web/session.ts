// Browser sessions: what a signed-in session holds, and the helpers that
// start one (always a fresh session id: no fixation) and read it.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import type {} from 'express-session';
import { BridgeError } from '../errors.js';
import type { Identity } from '../identity.js';

declare module 'express-session' {
  interface SessionData {
    identity?: Identity;
    csrf?: string;
    signedInAt?: number;
    /** Set when a role refused an old sign-in: the next login asks the IdP to re-authenticate. */
    freshLogin?: boolean;
  }
}

export interface SignedIn { identity: Identity; csrf: string }

export function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.regenerate((e) => (e ? reject(e) : resolve())));
}

export function saveSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => req.session.save((e) => (e ? reject(e) : resolve())));
}

/** Starts a new session for a verified identity: new id, new CSRF token. */
export async function signIn(req: Request, identity: Identity, now: number): Promise<void> {
  await regenerate(req);
  req.session.identity = identity;
  req.session.csrf = randomBytes(32).toString('base64url');
  req.session.signedInAt = now;
  await saveSession(req);
}

export function requireSignedIn(req: Request): SignedIn {
  const { identity, csrf } = req.session ?? {};
  if (!identity || !csrf) throw new BridgeError('login_required', 'Please sign in first.');
  return { identity, csrf };
}

/** Synchronizer-token check for every state-changing form post. */
export function checkCsrf(req: Request): SignedIn {
  const s = requireSignedIn(req);
  const sent = typeof req.body?.csrf === 'string' ? Buffer.from(req.body.csrf) : Buffer.alloc(0);
  const want = Buffer.from(s.csrf);
  if (sent.length !== want.length || !timingSafeEqual(sent, want)) {
    throw new BridgeError('csrf_failed', 'This form has expired or did not come from this site. Please try again.');
  }
  return s;
}
