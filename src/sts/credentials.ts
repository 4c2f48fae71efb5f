// Temporary credentials and the store of issued sessions. The store is an
// async interface keyed by access key id so a shared (e.g. Redis) backend can
// replace the in-memory map without touching the actions.
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export interface SessionRecord {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ms since epoch. */
  expiration: number;
  issuedAt: number;
  accountId: string;
  /** Which API issued it: decides what the credentials may call later. */
  issuedBy: 'AssumeRoleWithSAML' | 'AssumeRole' | 'AssumeRoleWithWebIdentity' | 'GetSessionToken' | 'GetFederationToken';
  /** Caller identity as GetCallerIdentity reports it. */
  arn: string;
  userId: string;
  roleArn?: string;
  roleName?: string;
  sessionName?: string;
  /** True when obtained with role-session credentials (role chaining: 1 h caps). */
  chained: boolean;
  sourceIdentity?: string;
  /** MFA was presented when these credentials (or their parent) were obtained. */
  mfaAuthenticated?: boolean;
  tags: Record<string, string>;
  transitiveTagKeys: string[];
  /** Session policies passed when issued (inline JSON text, managed ARNs): effective permissions are identity ∩ these. GetFederationToken sessions always carry it, possibly empty (= no permissions). */
  sessionPolicies?: { inline?: string; arns: string[] };
  /** Condition keys that survive into later requests (saml:sub, saml:namequalifier, <issuer>:sub, …), lower-cased. */
  principalContext?: Record<string, string>;
  /** GetFederationToken: the IAM user whose policies bound the federated user. */
  ownerArn?: string;
}

export interface SessionStore {
  put(rec: SessionRecord): Promise<void>;
  get(accessKeyId: string): Promise<SessionRecord | undefined>;
  close(): Promise<void>;
}

/** Default store; sweeps expired sessions lazily on insert so memory stays bounded. */
export class MemorySessionStore implements SessionStore {
  private readonly map = new Map<string, SessionRecord>();
  /** Sweep again only once the map has doubled, so a map of live sessions is not rescanned on every insert. */
  private sweepAt = 10_000;
  constructor(private readonly clock: () => number) {}

  async put(rec: SessionRecord): Promise<void> {
    if (this.map.size > this.sweepAt) {
      const now = this.clock();
      for (const [k, v] of this.map) if (v.expiration < now) this.map.delete(k);
      this.sweepAt = Math.max(10_000, this.map.size * 2);
    }
    this.map.set(rec.accessKeyId, rec);
  }

  async get(accessKeyId: string): Promise<SessionRecord | undefined> {
    return this.map.get(accessKeyId);
  }

  async close(): Promise<void> {
    this.map.clear();
  }
}

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function newAccessKeyId(prefix: 'ASIA' | 'AKIA' = 'ASIA'): string {
  let s = prefix;
  for (let i = 0; i < 16; i++) s += UPPER_ALNUM[randomInt(UPPER_ALNUM.length)];
  return s;
}

/** 40 chars of base64 alphabet, like AWS secrets. */
export function newSecret(): string {
  return randomBytes(30).toString('base64');
}

/** Opaque bearer token; verified by lookup in the store, not by parsing. */
export function newSessionToken(): string {
  return 'IQoJb3JpZ2luX2VjE' + randomBytes(192).toString('base64');
}

export function newKeys(): Pick<SessionRecord, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'> {
  return { accessKeyId: newAccessKeyId(), secretAccessKey: newSecret(), sessionToken: newSessionToken() };
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The Credentials element of every credential-issuing response. */
export function credentialsXml(rec: SessionRecord): Record<string, string> {
  return {
    AccessKeyId: rec.accessKeyId,
    SecretAccessKey: rec.secretAccessKey,
    SessionToken: rec.sessionToken,
    Expiration: new Date(rec.expiration).toISOString(),
  };
}
