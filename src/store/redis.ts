// The Store over Redis (standalone, Sentinel, Cluster or Valkey). Every key is
// namespaced by the configured prefix; every failure (server away, timeout)
// becomes BridgeError `store_unavailable`, which the web layer answers with 503.
import { BridgeError } from '../errors.js';
import { logger } from '../log.js';
import { Cluster } from 'ioredis';
import type { RedisClient } from './redis-client.js';
import type { Store } from './store.js';

// INCR then EXPIRE on the first hit only: one round trip, atomic, a fixed window.
const INCREMENT = "local n = redis.call('INCR', KEYS[1]) if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end return n";
// GETDEL needs Redis 6.2; this works on every server and in a cluster (one key).
const CONSUME = "local v = redis.call('GET', KEYS[1]) if v then redis.call('DEL', KEYS[1]) end return v";

const log = logger('store');

function unavailable(e: unknown): BridgeError {
  return new BridgeError('store_unavailable', 'The service is temporarily unavailable. Please try again in a moment.', {
    detail: `redis: ${e instanceof Error ? e.message : String(e)}`, cause: e,
  });
}

export function redisStore(client: RedisClient, keyPrefix: string): Store {
  const k = (key: string) => `${keyPrefix}${key}`;
  const ttl = (sec: number) => Math.max(1, Math.ceil(sec));
  const run = async <T>(op: () => Promise<T>): Promise<T> => {
    try { return await op(); } catch (e) { throw unavailable(e); }
  };
  let warned = false;
  client.on('error', (e: Error) => {
    // ioredis retries on its own; say so once per outage, not once per attempt.
    if (!warned) log.warn({ err: e.message }, 'redis connection lost; requests that need shared state answer 503 until it returns');
    warned = true;
  });
  client.on('ready', () => { if (warned) log.info('redis connection back'); warned = false; });
  return {
    get: (key) => run(async () => (await client.get(k(key))) ?? undefined),
    set: (key, value, ttlSec) => run(async () => { await client.set(k(key), value, 'EX', ttl(ttlSec)); }),
    setIfAbsent: (key, value, ttlSec) => run(async () => (await client.set(k(key), value, 'EX', ttl(ttlSec), 'NX')) === 'OK'),
    consume: (key) => run(async () => ((await client.eval(CONSUME, 1, k(key))) as string | null) ?? undefined),
    increment: (key, ttlSec) => run(async () => Number(await client.eval(INCREMENT, 1, k(key), ttl(ttlSec)))),
    delete: (key) => run(async () => { await client.del(k(key)); }),
    async close() { client.disconnect(); },
  };
}

/** Connects at start-up; if Redis is not there yet, starts anyway (503s until it is). */
export async function connectRedis(client: RedisClient, waitMs: number): Promise<void> {
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), waitMs).unref());
  const connected = client.connect().then(() => (client instanceof Cluster ? connectMasters(client) : undefined));
  const result = await Promise.race([connected.then(() => 'ok' as const, (e: unknown) => e), timer]);
  if (result !== 'ok') log.warn({ err: result === 'timeout' ? 'timeout' : String((result as Error)?.message ?? result) }, 'redis not reachable at start-up; retrying in the background');
}

// ioredis opens a cluster node's connection on its first command, and (offline
// queue off) refuses the commands that arrive while it opens: they wait 100 ms,
// go to a random node, get MOVED and refresh the slot map. Opening every
// master's connection up front spares the first burst of requests that detour.
async function connectMasters(cluster: Cluster): Promise<void> {
  await Promise.all(cluster.nodes('master').map((n) => n.ping().catch(() => undefined)));
}
