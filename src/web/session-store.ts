// express-session over the bridge's Store, so sessions live wherever the rest
// of the shared state lives (memory for one instance, Redis for several).
import session from 'express-session';
import type { Store } from '../store/store.js';

export class BridgeSessionStore extends session.Store {
  constructor(private readonly store: Store, private readonly maxAgeSec: number) {
    super();
  }

  private key(sid: string): string {
    return `session:${sid}`;
  }

  override get(sid: string, cb: (err: unknown, s?: session.SessionData | null) => void): void {
    this.store.get(this.key(sid)).then((v) => cb(null, v ? (JSON.parse(v) as session.SessionData) : null), cb);
  }

  override set(sid: string, s: session.SessionData, cb?: (err?: unknown) => void): void {
    const ttl = s.cookie?.expires ? Math.max(1, Math.ceil((new Date(s.cookie.expires).getTime() - Date.now()) / 1000)) : this.maxAgeSec;
    this.store.set(this.key(sid), JSON.stringify(s), ttl).then(() => cb?.(), (e: unknown) => cb?.(e));
  }

  override destroy(sid: string, cb?: (err?: unknown) => void): void {
    this.store.delete(this.key(sid)).then(() => cb?.(), (e: unknown) => cb?.(e));
  }

  override touch(sid: string, s: session.SessionData, cb?: () => void): void {
    this.set(sid, s, () => cb?.());
  }
}
