// The local STS's session store over the bridge's Store, so every instance's
// local STS knows every issued session. Records hold secret keys and session
// tokens, so they are sealed (AES-256-GCM, bound to their store key).
import type { SessionRecord, SessionStore } from '../sts/index.js';
import { open, seal, type Keyring } from './seal.js';
import type { Store } from './store.js';

// Kept a while past expiry so the STS can still say "expired" rather than "unknown".
const GRACE_SEC = 3600;

export function storeSessionStore(store: Store, ring: Keyring, clock: () => number = Date.now): SessionStore {
  const key = (accessKeyId: string) => `sts-session:${accessKeyId}`;
  return {
    async put(rec) {
      const ttl = Math.max(1, Math.ceil((rec.expiration - clock()) / 1000)) + GRACE_SEC;
      await store.set(key(rec.accessKeyId), seal(ring, JSON.stringify(rec), key(rec.accessKeyId)), ttl);
    },
    async get(accessKeyId) {
      const v = await store.get(key(accessKeyId));
      const plain = v === undefined ? undefined : open(ring, v, key(accessKeyId));
      return plain === undefined ? undefined : (JSON.parse(plain) as SessionRecord);
    },
    // The shared Store belongs to the stack, which closes it.
    async close() {},
  };
}
