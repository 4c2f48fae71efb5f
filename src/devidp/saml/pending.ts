// The pending SAML request rides in the login form as an HMAC-signed token, so
// the IdP keeps no server-side state and a user cannot retarget the Response
// (the ACS URL and InResponseTo are covered by the MAC).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { BridgeError } from '../../errors.ts';

export interface PendingSaml {
  spEntityId: string;
  acsUrl: string;
  /** AuthnRequest ID; absent for IdP-initiated logins. */
  requestId?: string;
  relayState?: string;
  /** Expiry, ms since epoch. */
  exp: number;
}

const TTL_MS = 10 * 60_000;

function mac(key: Buffer, payload: string): Buffer {
  return createHmac('sha256', key).update(`saml-pending.${payload}`).digest();
}

export function sealPending(key: Buffer, p: Omit<PendingSaml, 'exp'>, now: number): string {
  const payload = Buffer.from(JSON.stringify({ ...p, exp: now + TTL_MS })).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

export function openPending(key: Buffer, token: string, now: number): PendingSaml {
  const [payload = '', sig = ''] = token.split('.');
  const given = Buffer.from(sig, 'base64url');
  const want = mac(key, payload);
  if (given.length !== want.length || !timingSafeEqual(given, want)) {
    throw new BridgeError('invalid_request', 'This sign-in request is not valid. Start again.', { detail: 'pending token MAC mismatch' });
  }
  const p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as PendingSaml;
  if (typeof p.exp !== 'number' || p.exp < now) {
    throw new BridgeError('invalid_request', 'This sign-in request expired. Start again.', { detail: 'pending token expired' });
  }
  return p;
}
