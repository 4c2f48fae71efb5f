// One behaviour, every backend: the memory store and the Redis store (against
// the machine's real server, under a per-run prefix) pass the same
// conformance suite (store-conformance.ts); Cluster and Sentinel run it in
// redis-topologies.test.ts.
import { afterAll, describe } from 'vitest';
import { Redis } from 'ioredis';
import { memoryStore } from '../../src/store/memory.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { connectRedis, redisStore } from '../../src/store/redis.js';
import { deletePrefix, SHARED_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { storeConformance } from './store-conformance.js';

const prefix = uniquePrefix('contract');
let direct: Redis | undefined;
afterAll(async () => {
  direct?.disconnect();
  await deletePrefix(SHARED_REDIS_URL, prefix);
});

describe('memory store', () => {
  storeConformance(() => ({ make: async () => memoryStore() }));
});

describe('redis store (standalone)', () => {
  storeConformance(() => ({
    async make() {
      const client = createRedisClient({ url: SHARED_REDIS_URL, keyPrefix: prefix, commandTimeoutMs: 2000 });
      await connectRedis(client, 2000);
      return redisStore(client, prefix);
    },
    prefix,
    raw: (key) => (direct ??= new Redis(SHARED_REDIS_URL)).get(key),
  }));
});
