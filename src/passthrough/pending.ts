// Between "here are your roles" and the STS call the verified assertion waits
// in the shared store under a random one-time handle, no longer than the
// assertion itself is valid.
import { randomBytes } from 'node:crypto';
import { BridgeError } from '../errors.js';
import type { Store } from '../store/store.js';

export interface PendingPair { roleArn: string; providerArn: string; maxSessionSec?: number }

export interface Pending {
  idp: string;
  user: string;
  subject: string;
  assertionId: string;
  /** The upstream SAMLResponse, unchanged. */
  base64: string;
  pairs: PendingPair[];
}

const key = (handle: string) => `saml-passthrough:${handle}`;

export async function savePending(store: Store, p: Pending, ttlSec: number): Promise<string> {
  const handle = randomBytes(32).toString('base64url');
  await store.set(key(handle), JSON.stringify(p), Math.max(30, Math.min(600, ttlSec)));
  return handle;
}

export async function takePending(store: Store, handle: unknown): Promise<Pending> {
  const v = typeof handle === 'string' && /^[A-Za-z0-9_-]{43}$/.test(handle) ? await store.consume(key(handle)) : undefined;
  if (!v) throw new BridgeError('invalid_request', 'This role choice expired or was already used. Sign in at your identity provider again.');
  return JSON.parse(v) as Pending;
}
