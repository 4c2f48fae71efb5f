// The local STS's one-time-use set (strict mode) in the shared Store, so
// several instances refuse an assertion reused across them.
import type { ReplayCache } from '../sts/index.js';
import type { Store } from './store.js';

export function storeReplayCache(store: Store, clock: () => number): ReplayCache {
  return {
    firstUse: (id, expiresAtMs) => store.setIfAbsent(`sts-replay:${id}`, '1', Math.max(1, Math.ceil((expiresAtMs - clock()) / 1000))),
  };
}
