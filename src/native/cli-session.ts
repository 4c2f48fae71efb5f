// The CLI session: the long-lived credential between the CLI and the bridge.
// An opaque random token (the CLI holds it); the bridge keeps only its SHA-256
// digest in the shared Store, bound to the identity verified at sign-in and
// expiring with the browser session it came from (session.maxAgeSec after
// sign-in). Deleting the record revokes it on every instance at once.
import { BridgeError } from '../errors.js';
import type { Identity } from '../identity.js';
import type { Store } from '../store/store.js';
import { digest, randomToken } from './pkce.js';

export const TOKEN_PREFIX = 'stsb_rt_';

export interface CliSession {
  identity: Identity;
  issuedAt: number;
  /** Epoch ms; never later than the sign-in time plus session.maxAgeSec. */
  expiresAt: number;
  /** How the CLI signed in: `loopback` or `device`. */
  grant: 'loopback' | 'device';
}

const key = (token: string) => `native:rt:${digest(token)}`;

export async function createCliSession(store: Store, s: CliSession, now: number): Promise<{ token: string; expiresIn: number }> {
  const expiresIn = Math.floor((s.expiresAt - now) / 1000);
  if (expiresIn < 60) throw new BridgeError('login_required', 'Your bridge session is about to end: sign in again.');
  const token = TOKEN_PREFIX + randomToken();
  await store.set(key(token), JSON.stringify(s), expiresIn);
  return { token, expiresIn };
}

/** The session behind an `Authorization: Bearer` header, or invalid_token. */
export async function cliSessionFromHeader(store: Store, header: string | undefined, now: number): Promise<{ token: string; session: CliSession }> {
  const m = /^Bearer\s+(\S{1,200})$/i.exec(header ?? '');
  if (!m?.[1]?.startsWith(TOKEN_PREFIX)) throw new BridgeError('invalid_token', 'A CLI session token is required: run `sts-bridge login`.');
  const raw = await store.get(key(m[1]));
  const session = raw ? (JSON.parse(raw) as CliSession) : undefined;
  if (!session || session.expiresAt <= now) throw new BridgeError('invalid_token', 'The CLI session has ended or was revoked: run `sts-bridge login`.');
  return { token: m[1], session };
}

export async function revokeCliSession(store: Store, token: string): Promise<boolean> {
  const existed = (await store.get(key(token))) !== undefined;
  await store.delete(key(token));
  return existed;
}
