// The Redis store on the topologies the docs promise, against real servers
// this file starts on loopback (never the machine's shared Redis): a 3-master
// Cluster (`store.redis.cluster`) and a Sentinel-monitored master with a
// replica (`store.redis.sentinels` + `name`). Each runs the same conformance
// suite as memory and standalone Redis, plus what is particular to it.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster } from 'ioredis';
import type { RedisConfig } from '../../src/config/store-schema.js';
import { createRedisClient } from '../../src/store/redis-client.js';
import { connectRedis, redisStore } from '../../src/store/redis.js';
import type { Store } from '../../src/store/store.js';
import { uniquePrefix } from '../helpers/redis.js';
import { probe, startRedisCluster, startRedisSentinel, waitFor, type RedisCluster, type RedisSentinel } from '../helpers/redis-topologies.js';
import { inputValues, signIn } from '../helpers/login.js';
import { startTestStack } from '../helpers/stack.js';
import { storeConformance } from './store-conformance.js';

function credentialsFrom(html: string) {
  const json = /<pre id="json">([\s\S]*?)<\/pre>/.exec(html)?.[1] ?? '';
  return JSON.parse(json.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string };
}

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

  it('has a connection to every master open once connected (no detour for the first burst)', async () => {
    const client = createRedisClient({ cluster: cluster.nodes, keyPrefix: prefix, commandTimeoutMs: 2000 }) as Cluster;
    try {
      await connectRedis(client, 5000);
      expect(client.nodes('master').map((n) => n.status)).toEqual(['ready', 'ready', 'ready']);
    } finally { client.disconnect(); }
  });

  it('spreads the keys over every master (so MOVED redirections were followed)', async () => {
    const s = await open({ cluster: cluster.nodes }, prefix);
    try {
      await Promise.all(Array.from({ length: 30 }, (_, i) => s.set(`where:${i}`, 'x', 60)));
      const perNode = await Promise.all(cluster.nodes.map((n) => probe(n.port, (r) => r.keys(`${prefix}where:*`))));
      expect(perNode.map((keys) => keys.length).every((n) => n > 0)).toBe(true);
      expect(perNode.flat()).toHaveLength(30);
    } finally { await s.close(); }
  });

  it('runs the whole bridge: a SAML sign-in and credentials, twice (the second from the credential cache)', async () => {
    const stackPrefix = uniquePrefix('cluster-stack');
    const stack = await startTestStack((raw) => {
      raw.store = { type: 'redis', redis: { cluster: cluster.nodes, keyPrefix: stackPrefix }, credentialCache: { enabled: true } };
    });
    try {
      const { client, page } = await signIn(stack.bridgeUrl, 'dev-saml', 'alice');
      expect(page.url).toBe(`${stack.bridgeUrl}/roles`);
      const csrf = inputValues(page.body, 'csrf')[0]!;
      const form = { csrf, role: 'arn:aws:iam::111111111111:role/Developer', duration: '3600' };
      const first = await client.request(`${stack.bridgeUrl}/credentials`, { form });
      expect(first.status).toBe(200);
      const creds = credentialsFrom(first.body);
      const sts = new STSClient({ region: 'us-east-1', endpoint: stack.awsUrl, credentials: { accessKeyId: creds.AccessKeyId, secretAccessKey: creds.SecretAccessKey, sessionToken: creds.SessionToken } });
      try {
        expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:sts::111111111111:assumed-role/Developer/alice@example.com');
      } finally { sts.destroy(); }
      const second = await client.request(`${stack.bridgeUrl}/credentials`, { form });
      expect(second.status).toBe(200);
      expect(credentialsFrom(second.body).AccessKeyId).toBe(creds.AccessKeyId);
      expect(stack.audit.some((e) => e.event === 'sts_call' && e.cached === true && e.accessKeyId === creds.AccessKeyId)).toBe(true);
      // The state is in the cluster, under the prefix: the login session, the cached credential (sealed).
      const keys = (await Promise.all(cluster.nodes.map((n) => probe(n.port, (r) => r.keys(`${stackPrefix}*`))))).flat();
      expect(keys.some((k) => k.startsWith(`${stackPrefix}session:`))).toBe(true);
      expect(keys.some((k) => k.startsWith(`${stackPrefix}cred:`))).toBe(true);
      for (const k of keys) expect(await direct.get(k)).not.toContain(creds.SecretAccessKey);
    } finally { await stack.stop(); }
  });

  // Last: it restarts a master (empty; it rejoins from its nodes.conf, before the cluster marks it failed).
  it('answers store_unavailable for the keys of a master that is away, serves the rest, and recovers by itself', async () => {
    const s = await open({ cluster: cluster.nodes }, prefix);
    try {
      const keys = Array.from({ length: 24 }, (_, i) => `outage:${i}`);
      await Promise.all(keys.map((k) => s.set(k, k, 60)));
      const down = cluster.procs[2]!;
      const onDown = new Set((await probe(down.port, (r) => r.keys(`${prefix}outage:*`))).map((k) => k.slice(prefix.length)));
      expect(onDown.size).toBeGreaterThan(0);
      await down.stop();
      const during = await Promise.all(keys.map((k) => s.get(k).then((v) => v, (e: { code?: string }) => e.code)));
      expect(during).toEqual(keys.map((k) => (onDown.has(k) ? 'store_unavailable' : k)));
      await down.start();
      // The same store, no restart: it reconnects to the node on its own.
      await waitFor('the store to reach every master again', async () => {
        try { await Promise.all(keys.map((k) => s.increment(`${k}:n`, 60))); return true; } catch { return undefined; }
      }, 10_000);
      expect(await s.get([...onDown][0]!)).toBeUndefined(); // the node came back empty (no persistence)
      expect(await s.consume(keys.find((k) => !onDown.has(k))!)).toBeDefined();
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
      const master = sen.master;
      await master.stop();
      await expect(s.get('before')).rejects.toMatchObject({ code: 'store_unavailable' });
      await master.start();
      // The same store, no restart: the client asks the sentinel again and reconnects.
      await waitFor('the store to work again', async () => { try { await s.set('after', '2', 60); return true; } catch { return undefined; } }, 10_000);
      expect(await s.get('after')).toBe('2');
      expect(await s.consume('after')).toBe('2');
      expect(await s.increment('n', 60)).toBe(1);
      expect(await sen.masterPort()).toBe(master.port); // no failover happened
    } finally { await s.close(); }
  });

  // Last: it leaves the replica as master. Before the fix the client kept writing
  // to the old master (still up, soon demoted: the writes were lost), then READONLY.
  it('follows a failover to the replica (SENTINEL FAILOVER), keeping what was written', async () => {
    const s = await open(config(), prefix);
    try {
      await s.set('kept', 'v', 60);
      await waitFor('the replica to copy the write', async () => ((await probe(sen.replica.port, (r) => r.get(`${prefix}kept`))) === 'v' ? true : undefined), 5000);
      const now = await sen.failover();
      expect(now).toBe(sen.replica.port);
      // Writes made in the moment between the promotion and the sentinel's +switch-master
      // may still reach the old master (asynchronous replication); soon they reach the new one.
      let n = 0;
      await waitFor('the store to write to the new master', async () => {
        const mark = String(++n);
        try { await s.set('after-failover', mark, 60); } catch { return undefined; }
        return (await probe(now, (r) => r.get(`${prefix}after-failover`))) === mark ? true : undefined;
      }, 10_000);
      expect(await s.get('kept')).toBe('v');
      expect(await s.increment('after-failover:n', 60)).toBe(1);
      expect(await s.consume('kept')).toBe('v');
      expect(await probe(now, (r) => r.exists(`${prefix}kept`))).toBe(0);
    } finally { await s.close(); }
  });
});
