// The Store contract as one reusable suite: every backend and topology
// (memory, standalone Redis, Cluster, Sentinel) runs these same tests. Call
// it inside a describe; `target()` is read only when a test runs, so a
// topology started in beforeAll can supply it.
import { expect, it } from 'vitest';
import type { Store } from '../../src/store/store.js';

export interface StoreTarget {
  make(): Promise<Store>;
  /** Redis only: the key prefix the store was made with, and a raw read of a full key past the Store. */
  prefix?: string;
  raw?(fullKey: string): Promise<string | null>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function storeConformance(target: () => StoreTarget): void {
  const withStore = async (fn: (s: Store) => Promise<void>) => {
    const s = await target().make();
    try { await fn(s); } finally { await s.close(); }
  };

  it('gets, sets, deletes and expires values', () => withStore(async (s) => {
    expect(await s.get('a')).toBeUndefined();
    await s.set('a', 'one', 60);
    expect(await s.get('a')).toBe('one');
    await s.set('a', 'two', 60);
    expect(await s.get('a')).toBe('two');
    await s.delete('a');
    expect(await s.get('a')).toBeUndefined();
    await s.delete('never-set');
    await s.set('short', 'x', 1);
    // Increment's window is checked in the same wait, to keep the suite fast.
    expect(await s.increment('hits-ttl', 1)).toBe(1);
    expect(await s.increment('hits-ttl', 60)).toBe(2);
    await sleep(1100);
    expect(await s.get('short')).toBeUndefined();
    // The window started with the first increment: a later, longer TTL does not extend it.
    expect(await s.increment('hits-ttl', 1)).toBe(1);
  }));

  it('setIfAbsent lets exactly one of many concurrent writers win, and keeps its value', () => withStore(async (s) => {
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => s.setIfAbsent('once', String(i), 60)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await s.get('once')).toBe(String(wins.indexOf(true)));
    expect(await s.setIfAbsent('once', 'late', 60)).toBe(false);
    await s.delete('once');
    expect(await s.setIfAbsent('once', 'again', 60)).toBe(true);
  }));

  it('consume hands a value out once', () => withStore(async (s) => {
    await s.set('state', 'v', 60);
    const got = await Promise.all([s.consume('state'), s.consume('state'), s.consume('state')]);
    expect(got.filter((v) => v === 'v')).toHaveLength(1);
    expect(got.filter((v) => v === undefined)).toHaveLength(2);
    expect(await s.get('state')).toBeUndefined();
    expect(await s.consume('missing')).toBeUndefined();
  }));

  it('increment counts concurrent hits within a fixed window', () => withStore(async (s) => {
    const counts = await Promise.all(Array.from({ length: 10 }, () => s.increment('hits', 60)));
    expect(counts.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  }));

  it('works on many keys at once (in a cluster: every node, through both Lua scripts)', () => withStore(async (s) => {
    const keys = Array.from({ length: 60 }, (_, i) => `spread:${i}`);
    await Promise.all(keys.map((k) => s.set(k, `v-${k}`, 60)));
    expect(await Promise.all(keys.map((k) => s.increment(`${k}:n`, 60)))).toEqual(keys.map(() => 1));
    expect(await Promise.all(keys.map((k) => s.consume(k)))).toEqual(keys.map((k) => `v-${k}`));
    expect(await Promise.all(keys.map((k) => s.get(k)))).toEqual(keys.map(() => undefined));
  }));

  it('namespaces every key by the configured prefix', async () => {
    const t = target();
    if (!t.raw || t.prefix === undefined) return; // memory: nothing shared to namespace
    await withStore(async (s) => {
      await s.set('session:abc', '{}', 60);
      await s.increment('rate:x', 60);
      expect(await t.raw!(`${t.prefix}session:abc`)).toBe('{}');
      expect(await t.raw!(`${t.prefix}rate:x`)).toBe('1');
      expect(await t.raw!('session:abc')).toBeNull();
      expect(await t.raw!('rate:x')).toBeNull();
    });
  });
}
