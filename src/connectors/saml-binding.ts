// Ties each SAML login to the browser that started it. Request IDs sit in a
// store every instance shares, so without this a response for a login the
// attacker started would be accepted when the victim's browser posts it
// (login CSRF). The login route sets a random cookie and runs the AuthnRequest
// inside `withBrowserBinding`; the ACS runs inside it with the cookie's value;
// the request-ID cache stores the binding and answers only to the same one.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, timingSafeEqual } from 'node:crypto';

const current = new AsyncLocalStorage<string | undefined>();

export function withBrowserBinding<T>(binding: string | undefined, fn: () => T): T {
  return current.run(binding, fn);
}

/** A digest of the binding in force, stored beside the request ID (never the cookie itself). */
export function bindingDigest(): string | undefined {
  const b = current.getStore();
  return b ? createHash('sha256').update(b).digest('base64url') : undefined;
}

/** True when the stored digest belongs to the binding in force now. */
export function sameBrowser(stored: string | undefined): boolean {
  const now = bindingDigest();
  if (!stored || !now || stored.length !== now.length) return false;
  return timingSafeEqual(Buffer.from(stored), Buffer.from(now));
}
