// Private Redis topologies for tests, on loopback ephemeral ports in a temp
// folder: a 3-master Cluster, and a Sentinel-monitored master (with a
// replica). Nothing is persisted; stop() kills every process it started and
// removes the folder. The machine's shared Redis (6379) is never touched.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort } from './redis.js';

const run = promisify(execFile);
export interface HostPort { host: string; port: number }

/** Polls `check` every 50 ms until it returns a value other than undefined; fails after `ms`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try { const v = await check(); if (v !== undefined) return v; } catch (e) { last = e; }
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A one-shot connection that never retries (for probing and setup). */
export async function probe<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: 1000 });
  r.on('error', () => {});
  try { await r.connect(); return await fn(r); } finally { r.disconnect(); }
}

// Should the test process end without afterAll (a crash, an interrupted run), no server outlives it.
const live = new Set<ChildProcess>();
process.once('exit', () => { for (const c of live) c.kill('SIGKILL'); });

/** One redis-server (or sentinel) process that can be killed and started again with the same arguments. */
export class RedisProcess {
  private child: ChildProcess | undefined;
  constructor(readonly port: number, private readonly args: string[]) {}

  async start(): Promise<void> {
    const child = spawn('redis-server', this.args, { stdio: 'ignore' });
    this.child = child;
    live.add(child);
    let exited = false;
    child.once('exit', () => { exited = true; live.delete(child); });
    await waitFor(`redis-server on ${this.port}`, async () => {
      if (exited) throw new Error(`redis-server on ${this.port} exited`);
      return (await probe(this.port, (r) => r.ping())) === 'PONG' ? true : undefined;
    }, 5000);
  }

  async stop(): Promise<void> {
    const c = this.child;
    this.child = undefined;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((r) => { c.once('exit', () => r()); c.kill('SIGKILL'); });
  }
}

const dataArgs = (port: number, dir: string) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];

export interface RedisCluster {
  nodes: HostPort[];
  /** The masters' processes, in the order of `nodes` (a restarted one rejoins from its nodes.conf). */
  procs: RedisProcess[];
  stop(): Promise<void>;
}

/** Three masters, no replicas, all 16384 slots assigned; resolves once every node reports cluster_state:ok. */
export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'stsb-redis-cluster-'));
  const procs: RedisProcess[] = [];
  const stop = async () => { await Promise.all(procs.map((p) => p.stop())); rmSync(dir, { recursive: true, force: true }); };
  try {
    for (let i = 0; i < masters; i++) {
      // The cluster bus port is given explicitly: port+10000 may be taken or beyond 65535.
      const [port, bus] = [await freePort(), await freePort()];
      procs.push(new RedisProcess(port, [...dataArgs(port, dir), '--cluster-enabled', 'yes', '--cluster-port', String(bus),
        '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '5000']));
    }
    await Promise.all(procs.map((p) => p.start()));
    const nodes = procs.map((p) => ({ host: '127.0.0.1', port: p.port }));
    await run('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `${n.host}:${n.port}`), '--cluster-replicas', '0', '--cluster-yes'], { timeout: 20_000 });
    await waitFor('cluster_state:ok on every node', async () => {
      const infos = await Promise.all(nodes.map((n) => probe(n.port, (r) => r.cluster('INFO') as Promise<string>)));
      return infos.every((i) => i.includes('cluster_state:ok') && i.includes(`cluster_known_nodes:${masters}`)) ? true : undefined;
    });
    return { nodes, procs, stop };
  } catch (e) { await stop(); throw e; }
}

export interface RedisSentinel {
  name: string;
  sentinels: HostPort[];
  master: RedisProcess;
  replica: RedisProcess;
  /** Where the sentinel currently says the master is, and that process. */
  masterPort(): Promise<number>;
  currentMaster(): Promise<RedisProcess>;
  /** Makes the replica the master (SENTINEL FAILOVER); resolves once the sentinel names it. */
  failover(): Promise<number>;
  stop(): Promise<void>;
}

const masterAddr = (sentinelPort: number, name: string) =>
  probe(sentinelPort, (r) => r.call('SENTINEL', 'get-master-addr-by-name', name) as Promise<[string, string] | null>);

/**
 * A master, one replica and one sentinel (quorum 1). `down-after` is long, so
 * a master that goes away briefly is waited for, not failed over; tests force
 * a failover with SENTINEL FAILOVER. Resolves once the sentinel knows the master
 * and sees the replica in sync.
 */
export async function startRedisSentinel(name = 'stsb-master'): Promise<RedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), 'stsb-redis-sentinel-'));
  const [mPort, rPort, sPort] = [await freePort(), await freePort(), await freePort()];
  // No 5-second wait for more replicas before a diskless full sync.
  const master = new RedisProcess(mPort, [...dataArgs(mPort, dir), '--repl-diskless-sync-delay', '0']);
  const replica = new RedisProcess(rPort, [...dataArgs(rPort, dir), '--replicaof', '127.0.0.1', String(mPort)]);
  const conf = join(dir, 'sentinel.conf');
  writeFileSync(conf, [
    `port ${sPort}`, 'bind 127.0.0.1', `dir ${dir}`,
    `sentinel monitor ${name} 127.0.0.1 ${mPort} 1`,
    `sentinel down-after-milliseconds ${name} 60000`,
    `sentinel failover-timeout ${name} 10000`,
    '',
  ].join('\n'));
  const sentinel = new RedisProcess(sPort, [conf, '--sentinel']);
  const procs = [master, replica, sentinel];
  const stop = async () => { await Promise.all(procs.map((p) => p.stop())); rmSync(dir, { recursive: true, force: true }); };
  try {
    await master.start();
    await replica.start();
    // Started after the replica is in sync, the sentinel finds it in its first
    // INFO of the master instead of the next one (10 s later).
    await waitFor('the replica to sync', async () => ((await probe(rPort, (r) => r.info('replication'))).includes('master_link_status:up') ? true : undefined));
    await sentinel.start();
    await waitFor('the sentinel to know the master', async () => ((await masterAddr(sPort, name))?.[1] === String(mPort) ? true : undefined));
    const replicaInSync = (port: number) => waitFor(`the sentinel to see the replica on ${port} in sync`, async () => {
      const replicas = await probe(sPort, (r) => r.call('SENTINEL', 'replicas', name) as Promise<string[][]>);
      return replicas.some((fields) => {
        const f = new Map<string, string>();
        for (let i = 0; i + 1 < fields.length; i += 2) f.set(fields[i]!, fields[i + 1]!);
        return f.get('port') === String(port) && f.get('flags') === 'slave' && f.get('master-link-status') === 'ok';
      }) ? true : undefined;
    }, 15_000);
    await replicaInSync(rPort);
    const masterPort = async () => Number((await masterAddr(sPort, name))?.[1]);
    return {
      name, sentinels: [{ host: '127.0.0.1', port: sPort }], master, replica, masterPort,
      currentMaster: async () => { const p = await masterPort(); return p === mPort ? master : replica; },
      async failover() {
        const before = await masterPort();
        await probe(sPort, (r) => r.call('SENTINEL', 'FAILOVER', name));
        return waitFor('the sentinel to name the new master', async () => { const p = await masterPort(); return p !== before ? p : undefined; });
      },
      stop,
    };
  } catch (e) { await stop(); throw e; }
}
