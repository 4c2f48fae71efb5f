// The browser half of the SAML login binding (src/connectors/saml-binding.ts):
// a random, HttpOnly cookie set when a login starts and read at the ACS. The
// IdP's POST to the ACS is cross-site in production, so over TLS the cookie is
// SameSite=None (Secure); on plain-http development it is Lax (same site).
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { cookieNamesOf, readCookie } from './cookie-names.js';

export function startLoginCookie(req: Request, res: Response, secure: boolean): string {
  const value = randomBytes(32).toString('base64url');
  res.cookie(cookieNamesOf(req).samlLogin, value, { httpOnly: true, secure, sameSite: secure ? 'none' : 'lax', path: '/saml/', maxAge: 10 * 60_000 });
  return value;
}

export function loginCookie(req: Request): string | undefined {
  const v = readCookie(req, cookieNamesOf(req).samlLogin);
  return v && /^[A-Za-z0-9_-]{43}$/.test(v) ? v : undefined;
}
