// A directory group source, and a cache in front of it. Sources are built
// from the rules file and rebuilt when their configuration changes.
import type { Identity } from '../identity.js';
import { googleSource } from './google.js';
import { graphSource } from './graph.js';
import type { FetchFn } from './http.js';
import type { DirectorySourceConfig } from './schema.js';

export interface DirectorySource {
  id: string;
  /** The key the directory knows this person by (email, object id); undefined when the identity lacks it. */
  userKey(id: Identity): string | undefined;
  groups(userKey: string): Promise<string[]>;
}

const MAX_ENTRIES = 10_000;

/** Remembers each user's groups for cacheTtlSec; concurrent asks for one user share one call. */
export function cached(src: DirectorySource, ttlSec: number, clock: () => number): DirectorySource {
  const entries = new Map<string, { at: number; groups: Promise<string[]> }>();
  return {
    ...src,
    groups(key) {
      const hit = entries.get(key);
      if (hit && clock() - hit.at < ttlSec * 1000) return hit.groups;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      const groups = src.groups(key);
      entries.set(key, { at: clock(), groups });
      groups.catch(() => entries.delete(key));
      return groups;
    },
  };
}

export function buildSource(cfg: DirectorySourceConfig, fetchFn: FetchFn, clock: () => number): DirectorySource {
  const src = cfg.type === 'google-admin' ? googleSource(cfg, fetchFn, clock) : graphSource(cfg, fetchFn, clock);
  return cached(src, cfg.cacheTtlSec, clock);
}

/** Keeps one built source per id, rebuilding a source only when its configuration changed. */
export class DirectoryRegistry {
  private readonly built = new Map<string, { json: string; src: DirectorySource }>();
  constructor(private readonly fetchFn: FetchFn = fetch, private readonly clock: () => number = Date.now) {}

  get(cfgs: DirectorySourceConfig[], id: string): DirectorySource | undefined {
    const cfg = cfgs.find((c) => c.id === id);
    if (!cfg) return undefined;
    const json = JSON.stringify(cfg);
    const prev = this.built.get(id);
    if (prev?.json === json) return prev.src;
    const src = buildSource(cfg, this.fetchFn, this.clock);
    this.built.set(id, { json, src });
    return src;
  }
}
