// The bridge's cookie names. Over TLS the session cookie carries the __Host-
// prefix (the browser then refuses it without Secure, with a Domain, or off
// path /). On plain-http development each port gets its own names: browsers
// share cookies across the ports of one host, so two copies of the bridge on
// localhost would otherwise sign each other out.
import type { Request } from 'express';

export interface CookieNames { session: string; samlLogin: string; returnTo: string }

export function cookieNames(publicBaseUrl: string): CookieNames {
  const u = new URL(publicBaseUrl);
  if (u.protocol === 'https:') return { session: '__Host-stsb.sid', samlLogin: '__Secure-stsb.saml', returnTo: '__Secure-stsb.return' };
  const port = u.port || '80';
  return { session: `stsb-${port}.sid`, samlLogin: `stsb-${port}.saml`, returnTo: `stsb-${port}.return` };
}

/** The names for this app (set once in createApp). */
export function cookieNamesOf(req: Request): CookieNames {
  return req.app.locals.cookieNames as CookieNames;
}

/** A cookie's value from the request's Cookie header, or undefined. */
export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
