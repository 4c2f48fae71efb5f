// Builds the ioredis client a `store.redis` section describes: standalone (or
// Valkey) from a URL, Sentinel, or Cluster. Commands fail fast while the
// server is away (no offline queue) so requests get a 503 instead of hanging;
// the client reconnects on its own, forever, with a capped backoff.
import { readFileSync } from 'node:fs';
import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { RedisConfig } from '../config/store-schema.js';
import { BridgeError } from '../errors.js';

export type RedisClient = Redis | Cluster;

const backoff = (times: number) => Math.min(100 * 2 ** Math.min(times, 4), 1000);
/** A write reached a replica (a demoted master): reconnect, which asks the sentinels again. */
const readOnly = (e: Error) => e.message.startsWith('READONLY');

function password(r: RedisConfig, env: NodeJS.ProcessEnv): string | undefined {
  if (r.passwordFile) {
    try { return readFileSync(r.passwordFile, 'utf8').trim(); } catch { throw new BridgeError('config_invalid', `store.redis.passwordFile: cannot read ${r.passwordFile}`); }
  }
  if (r.passwordEnv) {
    const v = env[r.passwordEnv];
    if (!v) throw new BridgeError('config_invalid', `store.redis.passwordEnv: ${r.passwordEnv} is not set`);
    return v;
  }
  return undefined;
}

function tlsOptions(r: RedisConfig): RedisOptions['tls'] {
  const wantTls = r.tls !== undefined || r.url?.startsWith('rediss://');
  if (!wantTls) return undefined;
  let ca: string | undefined;
  if (r.tls?.caFile) {
    try { ca = readFileSync(r.tls.caFile, 'utf8'); } catch { throw new BridgeError('config_invalid', `store.redis.tls.caFile: cannot read ${r.tls.caFile}`); }
  }
  return { ...(ca ? { ca } : {}), ...(r.tls?.serverName ? { servername: r.tls.serverName } : {}) };
}

export function createRedisClient(r: RedisConfig, env = process.env): RedisClient {
  const pw = password(r, env);
  const tls = tlsOptions(r);
  const common: RedisOptions = {
    ...(r.username ? { username: r.username } : {}),
    ...(pw ? { password: pw } : {}),
    ...(tls ? { tls } : {}),
    commandTimeout: r.commandTimeoutMs,
    connectTimeout: Math.max(r.commandTimeoutMs, 1000),
    maxRetriesPerRequest: 0,
    lazyConnect: true,
  };
  if (r.cluster) {
    return new Cluster(r.cluster, {
      redisOptions: common, enableOfflineQueue: false, lazyConnect: true, clusterRetryStrategy: backoff,
      // Valkey / managed clusters may announce names that need the same TLS settings.
      ...(tls ? { dnsLookup: (address, cb) => cb(null, address) } : {}),
    });
  }
  if (r.sentinels) {
    return new Redis({
      ...common, sentinels: r.sentinels, name: r.name!, enableOfflineQueue: false, retryStrategy: backoff,
      sentinelRetryStrategy: backoff, ...(tls ? { enableTLSForSentinelMode: true } : {}),
      // After a failover the old master stays up (soon a replica): without these the
      // client kept writing to it (writes lost), then got READONLY forever. Listen for
      // the sentinels' +switch-master and reconnect; reconnect on READONLY as a backstop.
      failoverDetector: true,
      reconnectOnError: readOnly,
    });
  }
  return new Redis(r.url ?? 'redis://127.0.0.1:6379', { ...common, enableOfflineQueue: false, retryStrategy: backoff });
}
