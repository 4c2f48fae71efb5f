// In-memory Store. Fine for one instance; behind a load balancer use Redis.
import type { Store } from './store.js';

export function memoryStore(clock: () => number = Date.now): Store {
  const data = new Map<string, { value: string; expiresAt: number }>();
  const live = (key: string) => {
    const e = data.get(key);
    if (e && e.expiresAt <= clock()) { data.delete(key); return undefined; }
    return e;
  };
  const sweep = setInterval(() => { for (const k of data.keys()) live(k); }, 60_000);
  sweep.unref();
  return {
    async get(key) { return live(key)?.value; },
    async set(key, value, ttlSec) { data.set(key, { value, expiresAt: clock() + ttlSec * 1000 }); },
    async setIfAbsent(key, value, ttlSec) {
      if (live(key)) return false;
      data.set(key, { value, expiresAt: clock() + ttlSec * 1000 });
      return true;
    },
    async consume(key) {
      const e = live(key);
      data.delete(key);
      return e?.value;
    },
    async increment(key, ttlSec) {
      const e = live(key);
      const n = (e ? Number(e.value) : 0) + 1;
      data.set(key, { value: String(n), expiresAt: e?.expiresAt ?? clock() + ttlSec * 1000 });
      return n;
    },
    async delete(key) { data.delete(key); },
    async close() { clearInterval(sweep); data.clear(); },
  };
}
