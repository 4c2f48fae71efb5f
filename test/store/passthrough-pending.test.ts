// A pass-through assertion waiting for the role choice is unreadable in the
// store: named by a hash of the handle and sealed with a key derived from it.
import { describe, expect, it } from 'vitest';
import { savePending, takePending } from '../../src/passthrough/pending.js';
import { memoryStore } from '../../src/store/memory.js';
import type { Store } from '../../src/store/store.js';

const pending = { idp: 'corp', user: 'alice', subject: 's', assertionId: '_a1', base64: 'PHNhbWxwOlJlc3BvbnNlIHNlY3JldA==', pairs: [{ roleArn: 'arn:aws:iam::111111111111:role/R', providerArn: 'arn:aws:iam::111111111111:saml-provider/p' }] };

function spy(store: Store) {
  const writes: Array<[string, string]> = [];
  return { writes, store: { ...store, set: async (k: string, v: string, t: number) => { writes.push([k, v]); await store.set(k, v, t); } } };
}

describe('pass-through pending assertions', () => {
  it('store neither the handle nor the assertion in clear, and open once with the handle', async () => {
    const s = spy(memoryStore());
    const handle = await savePending(s.store, pending, 300);
    const [[k, v]] = s.writes as [[string, string]];
    expect(k).not.toContain(handle);
    expect(v).not.toContain(pending.base64);
    expect(v).not.toContain('alice');
    expect((await takePending(s.store, handle)).base64).toBe(pending.base64);
    await expect(takePending(s.store, handle)).rejects.toMatchObject({ code: 'invalid_request' });
  });

  it('a value moved under another handle does not open', async () => {
    const s = spy(memoryStore());
    await savePending(s.store, pending, 300);
    const other = await savePending(s.store, { ...pending, user: 'bob' }, 300);
    const [[, first], [otherKey]] = s.writes as [[string, string], [string, string]];
    await s.store.set(otherKey, first, 300);
    await expect(takePending(s.store, other)).rejects.toMatchObject({ code: 'invalid_request' });
  });
});
