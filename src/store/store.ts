// Shared state behind one small interface. The memory backend serves a single
// instance; a Redis backend (same interface) lets several act as one. Backend
// failures surface as BridgeError `store_unavailable` (HTTP 503).

export interface Store {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSec: number): Promise<void>;
  /** Sets only when absent; false when the key already existed (replay caches). */
  setIfAbsent(key: string, value: string, ttlSec: number): Promise<boolean>;
  /** Reads and deletes in one step (one-time values: state, nonce, request IDs). */
  consume(key: string): Promise<string | undefined>;
  /** Adds one and returns the new count; the TTL starts with the first increment (fixed windows). */
  increment(key: string, ttlSec: number): Promise<number>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
