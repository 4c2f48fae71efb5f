// The Redis store on the topologies the docs promise, against real servers
// this file starts on loopback (never the machine's shared Redis): a 3-master
// Cluster (`store.redis.cluster`) and a Sentinel-monitored master with a
// replica (`store.redis.sentinels` + `name`). Each runs the same conformance
// suite as memory and standalone Redis, plus what is particular to it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from 'ioredis';
import type { RedisConfig } from '../../src/config/store-schema.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { connectRedis, redisStore } from '../../src/store/redis.js';
import type { Store } from '../../src/store/store.js';
import { uniquePrefix } from '../helpers/redis.js';
import { probe, startRedisCluster, startRedisSentinel, waitFor, type RedisCluster, type RedisSentinel } from '../helpers/redis-topologies.js';
import { storeConformance } from './store-conformance.js';

async function open(r: Omit<RedisConfig, 'keyPrefix' | 'commandTimeoutMs'>, prefix: string): Promise<Store> {
  const client = createRedisClient({ ...r, keyPrefix: prefix, commandTimeoutMs: 2000 });
  await connectRedis(client, 5000);
  return redisStore(client, prefix);
}

describe('Redis Cluster (3 masters)', () => {
  const prefix = uniquePrefix('cluster');
  let cluster: RedisCluster;
  let direct: Cluster;
  beforeAll(async () => {
    cluster = await startRedisCluster();
    direct = new Cluster(cluster.nodes);
  });
  afterAll(async () => { direct?.disconnect(); await cluster?.stop(); });

  storeConformance(() => ({ make: () => open({ cluster: cluster.nodes }, prefix), prefix, raw: (k) => direct.get(k) }));

  it('spreads the keys over every master (so MOVED redirections were followed)', async () => {
    const s = await open({ cluster: cluster.nodes }, prefix);
    try {
      await Promise.all(Array.from({ length: 30 }, (_, i) => s.set(`where:${i}`, 'x', 60)));
      const perNode = await Promise.all(cluster.nodes.map((n) => probe(n.port, (r) => r.keys(`${prefix}where:*`))));
      expect(perNode.map((keys) => keys.length).every((n) => n > 0)).toBe(true);
      expect(perNode.flat()).toHaveLength(30);
    } finally { await s.close(); }
  });
});

describe('Redis Sentinel (master, replica, one sentinel)', () => {
  const prefix = uniquePrefix('sentinel');
  let sen: RedisSentinel;
  const config = () => ({ sentinels: sen.sentinels, name: sen.name });
  beforeAll(async () => { sen = await startRedisSentinel(); });
  afterAll(async () => { await sen?.stop(); });

  storeConformance(() => ({
    make: () => open(config(), prefix), prefix,
    raw: async (k) => probe(await sen.masterPort(), (r) => r.get(k)),
  }));

  it('writes reach the master the sentinel names, and its replica', async () => {
    const s = await open(config(), prefix);
    try {
      await s.set('where', 'master', 60);
      expect(await probe(sen.master.port, (r) => r.get(`${prefix}where`))).toBe('master');
      await waitFor('the replica to copy the write', async () => ((await probe(sen.replica.port, (r) => r.get(`${prefix}where`))) === 'master' ? true : undefined), 5000);
    } finally { await s.close(); }
  });

  it('answers store_unavailable while the master is away and recovers by itself when it returns (no failover)', async () => {
    const s = await open(config(), prefix);
    try {
      await s.set('before', '1', 60);
      await sen.master.stop();
      await expect(s.get('before')).rejects.toMatchObject({ code: 'store_unavailable' });
      await sen.master.start();
      // The same store, no restart: the client asks the sentinel again and reconnects.
      await waitFor('the store to work again', async () => { try { await s.set('after', '2', 60); return true; } catch { return undefined; } }, 10_000);
      expect(await s.get('after')).toBe('2');
      expect(await s.consume('after')).toBe('2');
      expect(await s.increment('n', 60)).toBe(1);
      expect(await sen.masterPort()).toBe(sen.master.port);
    } finally { await s.close(); }
  });
});
