// What every action receives: the model, the session store, the clock and the
// per-request facts. Actions are plain async functions registered by name.
import type { IamModel, User } from './model.js';
import type { SessionRecord, SessionStore } from './credentials.js';
import type { Params } from './validate.js';
import type { XmlValue } from './xml.js';

export interface Runtime {
  model: IamModel;
  store: SessionStore;
  clock: () => number;
  region: string;
  mode: 'development' | 'production';
  samlSkewMs: number;
  /** Real STS accepts an assertion again until it expires; strict mode refuses reuse. */
  samlOneTimeUse: boolean;
  /** Assertion IDs already used, for one-time-use mode. */
  replay: ReplayCache;
}

/** One-time-use bookkeeping; a shared backend lets several STS instances agree. */
export interface ReplayCache {
  /** True the first time `id` is seen before `expiresAtMs`; false on a reuse. */
  firstUse(id: string, expiresAtMs: number): Promise<boolean>;
}

export function memoryReplayCache(clock: () => number): ReplayCache {
  const used = new Map<string, number>();
  return {
    async firstUse(id, expiresAtMs) {
      const now = clock();
      for (const [k, exp] of used) if (exp < now) used.delete(k);
      if (used.has(id)) return false;
      used.set(id, expiresAtMs);
      return true;
    },
  };
}

export type Caller =
  | { kind: 'user'; user: User; accessKeyId: string }
  | { kind: 'session'; session: SessionRecord };

export interface ActionRequest {
  params: Params;
  requestId: string;
  sourceIp: string;
  userAgent: string;
  /** Set when the action requires SigV4 and the signature verified. */
  caller?: Caller;
}

/** Trail fields an action contributes; secrets are stripped again by the trail writer. */
export interface TrailInfo {
  userIdentity?: Record<string, unknown>;
  requestParameters?: Record<string, unknown>;
  responseElements?: Record<string, unknown>;
  recipientAccountId?: string;
}

export interface ActionResult { result: { [k: string]: XmlValue }; trail: TrailInfo }

export interface ActionSpec {
  /** 'sigv4' actions need a signed request from known credentials. */
  auth: 'sigv4' | 'none';
  run(rt: Runtime, req: ActionRequest, trail: TrailInfo): Promise<ActionResult>;
}
