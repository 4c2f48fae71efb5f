// The `store:` section: where shared state lives (memory for one instance,
// Redis for several) and the keys that seal secrets stored there.
import { z } from 'zod';

const hostPort = z.strictObject({ host: z.string().min(1), port: z.number().int().min(1).max(65535) });

const redis = z.strictObject({
  /** Standalone (or Valkey): redis://[user@]host:port/db, rediss:// for TLS. */
  url: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional(),
  /** Sentinel: the sentinels to ask, and the name of the monitored master. */
  sentinels: z.array(hostPort).min(1).optional(),
  name: z.string().min(1).optional(),
  /** Cluster: some of the cluster's nodes (the rest are discovered). */
  cluster: z.array(hostPort).min(1).optional(),
  username: z.string().optional(),
  /** The password from a file or an environment variable (never the config itself). */
  passwordFile: z.string().optional(),
  passwordEnv: z.string().optional(),
  tls: z.strictObject({
    caFile: z.string().optional(),
    serverName: z.string().optional(),
  }).optional(),
  /** Every key starts with this, so several deployments can share one Redis. */
  keyPrefix: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/).default('sts-bridge:'),
  /** A command that takes longer fails with store_unavailable (503). */
  commandTimeoutMs: z.number().int().min(50).max(60_000).default(2000),
}).refine((r) => [r.url !== undefined, r.sentinels !== undefined, r.cluster !== undefined].filter(Boolean).length <= 1, {
  message: 'give one of url, sentinels (with name) or cluster',
}).refine((r) => r.sentinels === undefined || r.name !== undefined, { message: 'sentinels need the master name in `name`', path: ['name'] });

const encryptionKey = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'letters, digits, _ and -'),
  /** 32 bytes, base64 or hex, from a file or an environment variable. */
  file: z.string().optional(),
  env: z.string().optional(),
  /** Development only: a literal key (refused in production). */
  value: z.string().optional(),
}).refine((k) => [k.file, k.env, k.value].filter((v) => v !== undefined).length === 1, { message: 'give exactly one of file, env or value' });

export const storeSchema = z.strictObject({
  type: z.enum(['memory', 'redis']).default('memory'),
  redis: redis.optional(),
  /** AES-256-GCM keys sealing credentials at rest; new entries use activeKeyId, old ids still open. */
  encryptionKeys: z.array(encryptionKey).default([]),
  activeKeyId: z.string().optional(),
  credentialCache: z.strictObject({
    enabled: z.boolean().default(false),
    /** A cached credential is served only while at least this much validity remains. */
    minRemainingSec: z.number().int().min(60).max(3600).default(300),
  }).default({ enabled: false, minRemainingSec: 300 }),
}).refine((s) => s.type !== 'redis' || s.redis !== undefined, { message: 'type redis needs the redis section (or REDIS_URL)', path: ['redis'] })
  .refine((s) => s.activeKeyId === undefined || s.encryptionKeys.some((k) => k.id === s.activeKeyId), { message: 'activeKeyId names no key in encryptionKeys', path: ['activeKeyId'] });


export type StoreConfig = z.output<typeof storeSchema>;
export type RedisConfig = NonNullable<StoreConfig['redis']>;
