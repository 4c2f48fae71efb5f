// Sessions in a shared store are sealed: the raw value shows neither the CSRF
// token nor who is signed in, and a tampered value is no session at all.
import { randomBytes } from 'node:crypto';
import type session from 'express-session';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/store/memory.js';
import { keyring } from '../../src/store/seal.js';
import { BridgeSessionStore } from '../../src/web/session-store.js';

const data = { cookie: { originalMaxAge: 60_000 }, csrf: 'csrf-token-value-1234567890', identity: { idp: 'dev-saml', subject: 'alice-subject', groups: ['aws-admins'] } } as unknown as session.SessionData;
const call = <T>(fn: (cb: (e: unknown, v?: T) => void) => void) => new Promise<T | undefined>((res, rej) => fn((e, v) => (e ? rej(e) : res(v))));

describe('BridgeSessionStore sealing', () => {
  it('stores sealed values that open again, and refuses tampered ones', async () => {
    const store = memoryStore();
    const sessions = new BridgeSessionStore(store, 600, keyring([{ id: 'k1', key: randomBytes(32) }]));
    await call((cb) => sessions.set('sid1', data, cb));
    const raw = (await store.get('session:sid1'))!;
    expect(raw.startsWith('v1.k1.')).toBe(true);
    expect(raw).not.toContain('csrf-token-value');
    expect(raw).not.toContain('alice-subject');
    expect((await call<session.SessionData | null>((cb) => sessions.get('sid1', cb)))?.csrf).toBe('csrf-token-value-1234567890');
    // Moved to another session id: the binding fails, so it is no session.
    await store.set('session:sid2', raw, 600);
    expect(await call((cb) => sessions.get('sid2', cb))).toBeNull();
    await store.set('session:sid1', raw.slice(0, -4) + 'AAAA', 600);
    expect(await call((cb) => sessions.get('sid1', cb))).toBeNull();
  });

  it('without a keyring (in-memory, one instance) stores plain JSON', async () => {
    const store = memoryStore();
    await call((cb) => new BridgeSessionStore(store, 600).set('sid', data, cb));
    expect(JSON.parse((await store.get('session:sid'))!).csrf).toBe('csrf-token-value-1234567890');
  });
});
