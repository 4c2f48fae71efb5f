// Token-exchange load against: one instance with the memory store, one with
// Redis, two with Redis (requests alternate between them). Bridge processes
// on loopback; the credential cache is on, so each request is token
// verification + role decision + a store read and an AES-GCM open.
// Bounded: REQUESTS (default 2000) per setup, CONCURRENCY (default 16).
import { performance } from 'node:perf_hooks';
import { realIdToken } from '../test/helpers/id-token.js';
import { cleanup, instanceConfig, layout, spawnBridge, type Instance } from '../test/helpers/instances.js';
import { deletePrefix, SHARED_REDIS_URL, uniquePrefix } from '../test/helpers/redis.js';

const REQUESTS = Number(process.env.REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const REDIS = process.env.BENCH_REDIS_URL ?? SHARED_REDIS_URL;

interface Result { name: string; rps: number; p50: number; p99: number; errors: number }

async function load(name: string, targets: Instance[], token: string): Promise<Result> {
  const body = JSON.stringify({ id_token: token, role_arn: 'arn:aws:iam::111111111111:role/Admin', duration_seconds: 3600 });
  const call = async (i: number) => {
    const res = await fetch(`${targets[i % targets.length]!.url}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.arrayBuffer();
    return res.status;
  };
  for (let i = 0; i < 50; i++) await call(i); // warm-up: JIT, connections, the one real STS call
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS) {
      const i = next++;
      const s = performance.now();
      if ((await call(i)) !== 200) errors++;
      latencies.push(performance.now() - s);
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { name, rps: REQUESTS / secs, p50: pct(0.5), p99: pct(0.99), errors };
}

async function setup(name: string, count: number, store: Record<string, unknown>): Promise<Result> {
  const l = await layout('http://localhost:1');
  const started: Instance[] = [];
  try {
    for (const n of ['A', 'B'].slice(0, count)) {
      // Limits high enough never to refuse, so their store counters stay part of every request.
      const config = { ...instanceConfig(l, n, store), rateLimit: { windowSec: 60, perIp: 1e9, perUser: 1e9 } };
      started.push(await spawnBridge(l, n, config));
    }
    const token = await realIdToken(`${l.idpUrl}/oidc`, 'alice');
    return await load(name, started, token);
  } finally {
    await Promise.all(started.map((i) => i.stop()));
    cleanup(l);
  }
}

const prefix = uniquePrefix('bench');
const redisStore = { type: 'redis', redis: { url: REDIS, keyPrefix: prefix }, credentialCache: { enabled: true } };
const results: Result[] = [];
try {
  results.push(await setup('memory-1', 1, { type: 'memory', credentialCache: { enabled: true } }));
  results.push(await setup('redis-1', 1, redisStore));
  results.push(await setup('redis-2', 2, redisStore));
} finally {
  await deletePrefix(REDIS, prefix);
}
console.log(`token exchange, ${REQUESTS} requests, concurrency ${CONCURRENCY}, loopback, credential cache on`);
console.log('setup      req/s    p50 ms   p99 ms  errors');
for (const r of results) console.log(`${r.name.padEnd(9)} ${r.rps.toFixed(0).padStart(6)} ${r.p50.toFixed(2).padStart(9)} ${r.p99.toFixed(2).padStart(8)} ${String(r.errors).padStart(7)}`);
