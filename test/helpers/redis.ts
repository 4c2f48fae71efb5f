// Real Redis for tests: the machine's server at 127.0.0.1:6379 (shared, so
// every run uses its own key prefix and deletes it after), or a throwaway
// redis-server child on a free port that a test may stop and start.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

export const SHARED_REDIS_URL = 'redis://127.0.0.1:6379';

export const uniquePrefix = (label: string) => `stsb-test:${label}:${randomBytes(4).toString('hex')}:`;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
  });
}

/** Every key and value under a prefix, read directly from Redis. */
export async function dumpPrefix(url: string, prefix: string): Promise<Map<string, string>> {
  const r = new Redis(url);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next; keys.push(...batch);
    } while (cursor !== '0');
    const out = new Map<string, string>();
    for (const k of keys) { const v = await r.get(k); if (v !== null) out.set(k, v); }
    return out;
  } finally { r.disconnect(); }
}

export async function deletePrefix(url: string, prefix: string): Promise<void> {
  const r = new Redis(url);
  try {
    for (const k of (await dumpPrefix(url, prefix)).keys()) await r.del(k);
  } finally { r.disconnect(); }
}

/** A private redis-server (no persistence) that can be stopped and started again on the same port. */
export class ThrowawayRedis {
  private child: ChildProcess | undefined;
  constructor(readonly port: number) {}
  get url(): string { return `redis://127.0.0.1:${this.port}`; }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      const r = new Redis(this.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      r.on('error', () => {});
      try { await r.connect(); await r.ping(); return; } catch { await new Promise((res) => setTimeout(res, 50)); } finally { r.disconnect(); }
    }
    throw new Error(`redis-server on ${this.port} did not start`);
  }

  async stop(): Promise<void> {
    const c = this.child;
    this.child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((r) => { c.once('exit', () => r()); c.kill('SIGKILL'); });
  }
}
