// express-session over the bridge's Store, so sessions live wherever the rest
// of the shared state lives (memory for one instance, Redis for several).
// With a keyring (the Redis store) each session is sealed with AES-256-GCM:
// it holds the CSRF token, the PKCE verifier during a login and who you are.
import session from 'express-session';
import { open, seal, type Keyring } from '../store/seal.js';
import type { Store } from '../store/store.js';

export class BridgeSessionStore extends session.Store {
  constructor(private readonly store: Store, private readonly maxAgeSec: number, private readonly ring?: Keyring) {
    super();
  }

  private encode(key: string, s: session.SessionData): string {
    const json = JSON.stringify(s);
    return this.ring ? seal(this.ring, json, key) : json;
  }

  /** A value that does not open (tampered, unknown key) is no session at all. */
  private decode(key: string, v: string | undefined): session.SessionData | null {
    if (v === undefined) return null;
    const json = this.ring ? open(this.ring, v, key) : v;
    return json === undefined ? null : (JSON.parse(json) as session.SessionData);
  }

  private key(sid: string): string {
    return `session:${sid}`;
  }

  override get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void): void {
    const key = this.key(sid);
    this.store.get(key).then((v) => cb(null, this.decode(key, v)), cb);
  }

  override set(sid: string, s: session.SessionData, cb?: (err?: unknown) => void): void {
    const ttl = s.cookie?.expires ? Math.max(1, Math.ceil((new Date(s.cookie.expires).getTime() - Date.now()) / 1000)) : this.maxAgeSec;
    const key = this.key(sid);
    this.store.set(key, this.encode(key, s), ttl).then(() => cb?.(), (e: unknown) => cb?.(e));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.store.delete(this.key(sid)).then(() => cb?.(), (e: unknown) => cb?.(e));
  }

  override touch(sid: string, s: session.SessionData, cb?: () => void): void {
    this.set(sid, s, () => cb?.());
  }
}
