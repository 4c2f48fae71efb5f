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
  /** Assertion ID → expiry (ms), for one-time-use mode. */
  usedAssertions: Map<string, number>;
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
