// Shared-state wiring from config: which Store backend, and the pieces built
// on it (the local STS's session store, the credential cache).
import type { Config } from '../config/schema.js';
import { loadStoreKeyring } from '../keys/store-keys.js';
import { CredentialCache } from '../service/credential-cache.js';
import type { ReplayCache, SessionStore } from '../sts/index.js';
import { memoryStore } from './memory.js';
import { createRedisClient } from './redis-client.js';
import { connectRedis, redisStore } from './redis.js';
import type { Store } from './store.js';
import { storeReplayCache } from './sts-replay.js';
import { storeSessionStore } from './sts-sessions.js';

export type { Store } from './store.js';

export async function openStore(c: Config, clock: () => number): Promise<Store> {
  if (c.store.type === 'memory' || !c.store.redis) return memoryStore(clock);
  const client = createRedisClient(c.store.redis);
  await connectRedis(client, 5000);
  return redisStore(client, c.store.redis.keyPrefix);
}

/** With Redis, the local STS keeps issued sessions (sealed) and its replay set there; in memory otherwise. */
export function localStsSessions(c: Config, store: Store, clock: () => number): { sessionStore: SessionStore; replayCache: ReplayCache } | Record<string, never> {
  return c.store.type === 'redis' ? { sessionStore: storeSessionStore(store, loadStoreKeyring(c), clock), replayCache: storeReplayCache(store, clock) } : {};
}

export function credentialCache(c: Config, store: Store, clock: () => number): { cache: CredentialCache } | Record<string, never> {
  const cc = c.store.credentialCache;
  return cc.enabled ? { cache: new CredentialCache({ store, keyring: loadStoreKeyring(c), minRemainingSec: cc.minRemainingSec, clock }) } : {};
}
