// Shared state behind one small interface. The memory backend serves a single
// instance; a Redis backend (same interface) lets several act as one.

export interface Store {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlSec: number): Promise<void>;
  /** Sets only when absent; false when the key already existed (replay caches). */
  setIfAbsent(key: string, value: string, ttlSec: number): Promise<boolean>;
  /** Reads and deletes in one step (one-time values: state, nonce, request IDs). */
  consume(key: string): Promise<string | undefined>;
  delete(key: string): Promise<void>;
  close(): Promise<void>;
}
