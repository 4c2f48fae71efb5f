// One behaviour, two backends: the memory store and the Redis store (against
// the real server) pass the same tests, and Redis keys carry the prefix.
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { memoryStore } from '../../src/store/memory.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { connectRedis, redisStore } from '../../src/store/redis.js';
import type { Store } from '../../src/store/store.js';
import { deletePrefix, SHARED_REDIS_URL, uniquePrefix } from '../helpers/redis.js';

const prefix = uniquePrefix('contract');
const stores: Array<[string, () => Promise<Store>]> = [
  ['memory', async () => memoryStore()],
  ['redis', async () => {
    const client = createRedisClient({ url: SHARED_REDIS_URL, keyPrefix: prefix, commandTimeoutMs: 2000 });
    await connectRedis(client, 2000);
    return redisStore(client, prefix);
  }],
];
afterAll(async () => { await deletePrefix(SHARED_REDIS_URL, prefix); });

describe.each(stores)('%s store', (_name, make) => {
  it('gets, sets, deletes and expires values', async () => {
    const s = await make();
    expect(await s.get('a')).toBeUndefined();
    await s.set('a', 'one', 60);
    expect(await s.get('a')).toBe('one');
    await s.delete('a');
    expect(await s.get('a')).toBeUndefined();
    await s.set('short', 'x', 1);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await s.get('short')).toBeUndefined();
    await s.close();
  });

  it('setIfAbsent lets exactly one of many concurrent writers win', async () => {
    const s = await make();
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => s.setIfAbsent('once', String(i), 60)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    await s.close();
  });

  it('consume hands a value out once', async () => {
    const s = await make();
    await s.set('state', 'v', 60);
    const got = await Promise.all([s.consume('state'), s.consume('state'), s.consume('state')]);
    expect(got.filter((v) => v === 'v')).toHaveLength(1);
    expect(await s.get('state')).toBeUndefined();
    await s.close();
  });

  it('increment counts within a fixed window and starts again after it', async () => {
    const s = await make();
    const counts = await Promise.all(Array.from({ length: 10 }, () => s.increment('hits', 1)));
    expect(counts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await s.increment('hits', 1)).toBe(1);
    await s.close();
  });
});

describe('redis store keys', () => {
  it('are namespaced by the configured prefix', async () => {
    const [, make] = stores[1]!;
    const s = await make();
    await s.set('session:abc', '{}', 60);
    const direct = new Redis(SHARED_REDIS_URL);
    expect(await direct.get(`${prefix}session:abc`)).toBe('{}');
    expect(await direct.exists('session:abc')).toBe(0);
    direct.disconnect();
    await s.close();
  });
});
