// Native-client (RFC 8252) request checks: loopback redirect URIs only, PKCE
// S256 only, and the opaque random values the native flows hand out.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { BridgeError } from '../errors.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const B64URL_43_128 = /^[A-Za-z0-9_-]{43,128}$/;

/** A loopback redirect on any port (RFC 8252 §7.3); no other redirect target is ever allowed. */
export function checkLoopbackRedirect(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 512) throw new BridgeError('invalid_request', 'redirect_uri is required.');
  let u: URL;
  try { u = new URL(raw); } catch { throw new BridgeError('invalid_request', 'redirect_uri is not a URL.'); }
  if (u.protocol !== 'http:' || !LOOPBACK_HOSTS.has(u.hostname) || u.username || u.password || u.hash || raw.includes('#')) {
    throw new BridgeError('invalid_request', 'redirect_uri must be an http loopback address (127.0.0.1, [::1] or localhost).', { detail: `redirect_uri ${raw.slice(0, 200)}` });
  }
  return u.href;
}

/** PKCE is mandatory and must be S256: `plain` would hand the code's secret to anyone who sees the URL. */
export function checkChallenge(challenge: unknown, method: unknown): string {
  if (method !== 'S256') throw new BridgeError('invalid_request', 'PKCE with code_challenge_method=S256 is required.');
  if (typeof challenge !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(challenge)) throw new BridgeError('invalid_request', 'code_challenge must be a base64url SHA-256 digest.');
  return challenge;
}

export function verifierMatches(verifier: unknown, challenge: string): boolean {
  if (typeof verifier !== 'string' || !B64URL_43_128.test(verifier)) return false;
  const got = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const want = Buffer.from(challenge);
  return got.length === want.length && timingSafeEqual(got, want);
}

export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

/** Store keys hold digests, never the bearer values themselves. */
export const digest = (value: string): string => createHash('sha256').update(value).digest('hex');

/** Eight letters without vowels or look-alikes (RFC 8628 §6.1), shown as XXXX-XXXX. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
export function userCode(): string {
  const s = Array.from({ length: 8 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('');
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Users type codes loosely: case, spaces and dashes do not matter. */
export function normaliseUserCode(raw: unknown): string {
  return typeof raw === 'string' ? raw.toUpperCase().replace(/[^A-Z]/g, '').slice(0, 16) : '';
}
