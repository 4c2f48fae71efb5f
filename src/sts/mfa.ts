// Virtual MFA: TOTP per RFC 6238 (HMAC-SHA1, 30-second steps, 6 digits), the
// only kind IAM virtual devices use. One step of drift either way is accepted.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { StsError } from './errors.js';
import type { User } from './model.js';

function base32(s: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out: number[] = [];
  for (const c of s.replace(/=+$/, '')) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}

export function totp(seed: string, atMs: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const h = createHmac('sha1', base32(seed)).update(counter).digest();
  const o = h[h.length - 1]! & 0x0f;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Verifies SerialNumber + TokenCode for a user; AWS answers AccessDenied on any mismatch. */
export function verifyMfa(user: User, serial: string, code: string, now: number): void {
  const seed = user.mfaDevices.get(serial);
  const ok = seed !== undefined && [-1, 0, 1].some((d) => timingSafeEqual(Buffer.from(totp(seed, now + d * 30_000)), Buffer.from(code.padEnd(6).slice(0, 6))));
  if (!ok) throw new StsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code. ');
}
