// Where to send the browser after sign-in when the sign-in was started for a
// native client (the CLI's loopback or device flow). Allow-listed to
// same-origin paths under /native/ and /device, so it is never an open redirect.
// Kept in the session, and in a short-lived cookie too: a SAML ACS POST from
// another site arrives without the SameSite=Lax session cookie.
import type { Request, Response } from 'express';
import type {} from 'express-session';
import { cookieNamesOf, readCookie } from './cookie-names.js';

declare module 'express-session' {
  interface SessionData { returnTo?: string }
}

const MAX_AGE_MS = 15 * 60 * 1000;

export function safeReturnTo(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 2048) return undefined;
  if (!/^\/(native\/|device(?:$|[?/]))/.test(v) || /[\\\s]/.test(v) || v.startsWith('//')) return undefined;
  return v;
}

export function rememberReturnTo(req: Request, res: Response, path: string): void {
  const safe = safeReturnTo(path);
  if (!safe) return;
  req.session.returnTo = safe;
  // The public URL decides, not this hop: behind a TLS proxy req.secure may be false.
  const secure = (req.app.locals.publicBaseUrl as string).startsWith('https://');
  res.cookie(cookieNamesOf(req).returnTo, safe, { httpOnly: true, maxAge: MAX_AGE_MS, path: '/', sameSite: secure ? 'none' : 'lax', secure });
}

/** Reads and clears the remembered path (call before the session is regenerated). */
export function takeReturnTo(req: Request, res: Response): string | undefined {
  const fromSession = req.session?.returnTo;
  const name = cookieNamesOf(req).returnTo;
  const fromCookie = readCookie(req, name);
  if (fromCookie) res.clearCookie(name, { path: '/' });
  let decoded: string | undefined;
  try { decoded = fromCookie ? decodeURIComponent(fromCookie) : undefined; } catch { decoded = undefined; }
  return safeReturnTo(fromSession) ?? safeReturnTo(decoded);
}
