// The credential cache on its own: sealed values, served only while enough
// validity remains, keyed per person, role and duration; a store that cannot
// answer is a miss, never an error.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CredentialCache } from '../../src/service/credential-cache.js';
import { BridgeError } from '../../src/errors.js';
import { memoryStore } from '../../src/store/memory.js';
import { keyring } from '../../src/store/seal.js';
import type { Store } from '../../src/store/store.js';

const ring = keyring([{ id: 'k1', key: randomBytes(32) }]);
const key = { idp: 'dev-oidc', subject: 'sub-alice', roleArn: 'arn:aws:iam::111111111111:role/Admin', durationSec: 3600, fingerprint: '{"tags":[]}' };
const assumed = (expiresAt: number) => ({
  credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'wJalrXUtnFEMIsecret', sessionToken: 'IQoJtoken', expiration: new Date(expiresAt).toISOString() },
  assumedRoleArn: 'arn:aws:sts::111111111111:assumed-role/Admin/alice', assumedRoleId: 'AROA:alice', grantedSec: 3600,
});

describe('credential cache', () => {
  it('serves its entry only while at least minRemainingSec remain, sealed at rest', async () => {
    let now = 1_000_000_000_000;
    const store = memoryStore(() => now);
    const cache = new CredentialCache({ store, keyring: ring, minRemainingSec: 300, clock: () => now });
    await cache.put(key, assumed(now + 3600_000));
    expect((await cache.get(key))?.credentials.accessKeyId).toBe('ASIAEXAMPLE');
    expect(await cache.get({ ...key, durationSec: 900 })).toBeUndefined();
    expect(await cache.get({ ...key, subject: 'sub-bob' })).toBeUndefined();
    // A changed tag, session name or chain is another grant: no reuse.
    expect(await cache.get({ ...key, fingerprint: '{"tags":[{"key":"dept","value":"sales"}]}' })).toBeUndefined();
    const spy = { ...store, set: async (k: string, v: string, t: number) => { expect(v).not.toContain('wJalrXUtnFEMIsecret'); return store.set(k, v, t); } };
    await new CredentialCache({ store: spy, keyring: ring, minRemainingSec: 300, clock: () => now }).put(key, assumed(now + 3600_000));
    now += 3600_000 - 299_000; // 299 s left
    expect(await cache.get(key)).toBeUndefined();
  });

  it('does not store what is already too close to expiry', async () => {
    const now = Date.now();
    const store = memoryStore();
    const cache = new CredentialCache({ store, keyring: ring, minRemainingSec: 300 });
    await cache.put(key, assumed(now + 200_000));
    expect(await cache.get(key)).toBeUndefined();
  });

  it('treats an unavailable store as a miss', async () => {
    const down = new BridgeError('store_unavailable', 'down');
    const broken: Store = { ...memoryStore(), get: async () => { throw down; }, set: async () => { throw down; } };
    const cache = new CredentialCache({ store: broken, keyring: ring, minRemainingSec: 300 });
    await expect(cache.put(key, assumed(Date.now() + 3600_000))).resolves.toBeUndefined();
    await expect(cache.get(key)).resolves.toBeUndefined();
  });
});
