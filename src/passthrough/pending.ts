// Between "here are your roles" and the STS call the verified assertion waits
// in the shared store under a random one-time handle, no longer than the
// assertion itself is valid. The handle never reaches the store: the entry is
// named by its hash and sealed with a key derived from it, so only the browser
// holding the handle can use (or read) the assertion.
import { createHash, randomBytes } from 'node:crypto';
import { BridgeError } from '../errors.js';
import { keyring, open, seal, type Keyring } from '../store/seal.js';
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

const digest = (label: string, handle: string) => createHash('sha256').update(`${label}\0${handle}`).digest();
const key = (handle: string) => `saml-passthrough:${digest('name', handle).toString('base64url')}`;
const ring = (handle: string): Keyring => keyring([{ id: 'h', key: digest('seal', handle) }]);

export async function savePending(store: Store, p: Pending, ttlSec: number): Promise<string> {
  const handle = randomBytes(32).toString('base64url');
  await store.set(key(handle), seal(ring(handle), JSON.stringify(p), key(handle)), Math.max(30, Math.min(600, ttlSec)));
  return handle;
}

export async function takePending(store: Store, handle: unknown): Promise<Pending> {
  const v = typeof handle === 'string' && /^[A-Za-z0-9_-]{43}$/.test(handle) ? await store.consume(key(handle)) : undefined;
  const json = v === undefined ? undefined : open(ring(handle as string), v, key(handle as string));
  if (!json) throw new BridgeError('invalid_request', 'This role choice expired or was already used. Sign in at your identity provider again.');
  return JSON.parse(json) as Pending;
}
