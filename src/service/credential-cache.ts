// Reuses credentials STS already issued for the same person, role and
// duration, so repeated requests (and other instances) need no second STS
// call. The caller decides the role first, every time; this cache only ever
// answers "the same grant was already paid for". Values are sealed with
// AES-256-GCM; keys are hashes, so Redis holds no subject or role in clear.
import { createHash } from 'node:crypto';
import type { AssumedRole } from '../aws/sts.js';
import { isBridgeError } from '../errors.js';
import { logger } from '../log.js';
import { open, seal, type Keyring } from '../store/seal.js';
import type { Store } from '../store/store.js';

export interface CacheKey {
  idp: string;
  subject: string;
  roleArn: string;
  durationSec: number;
  /** What else reaches STS (tags, session name, chain): see assumeFingerprint. */
  fingerprint: string;
}

/** What is cached: the credentials plus the duration actually granted. */
export interface CachedRole extends AssumedRole {
  grantedSec: number;
  durationNote?: string;
}

export interface CredentialCacheOptions {
  store: Store;
  keyring: Keyring;
  /** Serve a cached credential only while at least this many seconds remain (SDKs refresh 5 min ahead). */
  minRemainingSec: number;
  clock?: () => number;
}

const log = logger('credential-cache');

export class CredentialCache {
  private readonly clock: () => number;
  constructor(private readonly o: CredentialCacheOptions) { this.clock = o.clock ?? Date.now; }

  private key(k: CacheKey): string {
    return `cred:${createHash('sha256').update(JSON.stringify([k.idp, k.subject, k.roleArn, k.durationSec, k.fingerprint])).digest('base64url')}`;
  }

  private remainingSec(a: AssumedRole): number {
    return (Date.parse(a.credentials.expiration) - this.clock()) / 1000;
  }

  /**
   * A cached credential with enough validity left, or undefined. A store that
   * cannot answer is a miss: the caller then asks STS, which is never more
   * than the rules already allowed.
   */
  async get(k: CacheKey): Promise<CachedRole | undefined> {
    const key = this.key(k);
    let sealed: string | undefined;
    try { sealed = await this.o.store.get(key); } catch (e) { return this.degraded(e, 'read'); }
    const plain = sealed === undefined ? undefined : open(this.o.keyring, sealed, key);
    if (plain === undefined) return undefined;
    const hit = JSON.parse(plain) as CachedRole;
    return this.remainingSec(hit) >= this.o.minRemainingSec ? hit : undefined;
  }

  async put(k: CacheKey, value: CachedRole): Promise<void> {
    const ttl = Math.floor(this.remainingSec(value) - this.o.minRemainingSec);
    if (ttl < 1) return;
    const key = this.key(k);
    try { await this.o.store.set(key, seal(this.o.keyring, JSON.stringify(value), key), ttl); } catch (e) { this.degraded(e, 'write'); }
  }

  private degraded(e: unknown, op: string): undefined {
    if (!isBridgeError(e) || e.code !== 'store_unavailable') throw e;
    log.warn({ op, detail: e.detail }, 'credential cache unavailable; asking STS directly');
    return undefined;
  }
}
