// Sealing secrets for the shared store: AES-256-GCM, key ids for rotation,
// bound to the store key they were written under.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyring, open, seal } from '../../src/store/seal.js';

const k1 = { id: 'k1', key: randomBytes(32) };
const k2 = { id: 'k2', key: randomBytes(32) };

describe('seal', () => {
  it('round-trips and never contains the plaintext', () => {
    const ring = keyring([k1]);
    const s = seal(ring, '{"secret":"wJalrXUtnFEMI"}', 'cred:x');
    expect(s).not.toContain('wJalrXUtnFEMI');
    expect(s.startsWith('v1.k1.')).toBe(true);
    expect(open(ring, s, 'cred:x')).toBe('{"secret":"wJalrXUtnFEMI"}');
  });

  it('rotates: new values use the active key, old ones still open', () => {
    const old = seal(keyring([k1]), 'old', 'a');
    const ring = keyring([k1, k2], 'k2');
    const fresh = seal(ring, 'new', 'a');
    expect(fresh.startsWith('v1.k2.')).toBe(true);
    expect(open(ring, old, 'a')).toBe('old');
    expect(open(ring, fresh, 'a')).toBe('new');
    expect(open(keyring([k2]), old, 'a')).toBeUndefined(); // k1 retired: its values no longer open
  });

  it('refuses a value moved to another key, tampered, or malformed', () => {
    const ring = keyring([k1]);
    const s = seal(ring, 'payload', 'cred:alice');
    expect(open(ring, s, 'cred:mallory')).toBeUndefined();
    const parts = s.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0]! ^= 1;
    expect(open(ring, [...parts.slice(0, 3), body.toString('base64url')].join('.'), 'cred:alice')).toBeUndefined();
    expect(open(ring, 'plain text', 'cred:alice')).toBeUndefined();
  });

  it('refuses keys of the wrong size and an unknown active id', () => {
    expect(() => keyring([{ id: 'short', key: randomBytes(16) }])).toThrow(/32 bytes/);
    expect(() => keyring([k1], 'nope')).toThrow(/activeKeyId/);
  });
});
