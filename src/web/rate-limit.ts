// Fixed-window rate limits over the shared Store, so every instance counts the
// same requests: per client IP on the sign-in endpoints and token exchange, and
// per user once a request is authenticated. Over the limit: 429 `rate_limited`
// with Retry-After (seconds to the end of the window).
import type { Request, RequestHandler, Response } from 'express';
import { BridgeError } from '../errors.js';
import type { Store } from '../store/store.js';

export interface RateLimitConfig {
  windowSec: number;
  perIp: number;
  perUser: number;
}

export interface Limiter {
  /** Middleware counting the client IP in `bucket`. */
  byIp(bucket: string): RequestHandler;
  /** Counts one request for a user (call once the user is known). */
  user(bucket: string, user: string, res: Response): Promise<void>;
}

export function createLimiter(store: Store, cfg: RateLimitConfig, clock: () => number): Limiter {
  const hit = async (key: string, limit: number, res: Response) => {
    const now = clock() / 1000;
    const window = Math.floor(now / cfg.windowSec);
    const n = await store.increment(`rate:${key}:${window}`, cfg.windowSec + 1);
    if (n <= limit) return;
    res.set('Retry-After', String(Math.max(1, Math.ceil((window + 1) * cfg.windowSec - now))));
    throw new BridgeError('rate_limited', 'Too many requests. Please wait a moment and try again.', { detail: `limit ${limit}/${cfg.windowSec}s on ${key.split(':')[0]}:${key.split(':')[1]}` });
  };
  return {
    byIp: (bucket) => (req: Request, res, next) => { hit(`${bucket}:ip:${req.ip ?? 'unknown'}`, cfg.perIp, res).then(() => next(), next); },
    user: (bucket, user, res) => hit(`${bucket}:user:${user}`, cfg.perUser, res),
  };
}

const byStore = new WeakMap<Store, Limiter>();

/** One limiter per store, so the app and the routes count in the same place. */
export function limiterFor(ctx: { store: Store; config: { rateLimit: RateLimitConfig }; clock: () => number }): Limiter {
  let l = byStore.get(ctx.store);
  if (!l) { l = createLimiter(ctx.store, ctx.config.rateLimit, ctx.clock); byStore.set(ctx.store, l); }
  return l;
}
