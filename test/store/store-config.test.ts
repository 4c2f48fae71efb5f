// The `store:` config section: validated at start-up, each problem naming its
// field; production refuses literal keys; REDIS_URL switches to Redis; keys
// load from files and environment variables.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { loadStoreKeyring } from '../../src/keys/store-keys.js';
import { testConfig } from '../helpers/stack.js';

const KEY_B64 = Buffer.alloc(32, 7).toString('base64');
function problem(fn: () => unknown): string {
  try { fn(); return ''; } catch (e) { expect((e as { code?: string }).code).toBe('config_invalid'); return (e as Error).message; }
}

describe('store config', () => {
  it('defaults to memory with the credential cache off', () => {
    const c = parseConfig(testConfig(), 'bridge.yaml');
    expect(c.store).toMatchObject({ type: 'memory', encryptionKeys: [], credentialCache: { enabled: false, minRemainingSec: 300 } });
  });

  it('names the field of each store problem', () => {
    expect(problem(() => parseConfig(testConfig((c) => { c.store = { type: 'redis' }; }), 'b.yaml'))).toContain('b.yaml: store.redis');
    expect(problem(() => parseConfig(testConfig((c) => { c.store = { type: 'redis', redis: { sentinels: [{ host: 's', port: 26379 }] } }; }), 'b.yaml'))).toContain('store.redis.name');
    expect(problem(() => parseConfig(testConfig((c) => { c.store = { type: 'redis', redis: { url: 'redis://x', cluster: [{ host: 'n', port: 6379 }] } }; }), 'b.yaml'))).toContain('store.redis');
    expect(problem(() => parseConfig(testConfig((c) => { c.store = { encryptionKeys: [{ id: 'k1', file: 'f', env: 'E' }] }; }), 'b.yaml'))).toContain('store.encryptionKeys.0');
    expect(problem(() => parseConfig(testConfig((c) => { c.store = { encryptionKeys: [{ id: 'k1', env: 'E' }], activeKeyId: 'k9' }; }), 'b.yaml'))).toContain('store.activeKeyId');
  });

  it('refuses a literal key, and a cache without keys, in production', () => {
    const msg = problem(() => parseConfig(testConfig((c) => { c.mode = 'production'; c.store = { encryptionKeys: [{ id: 'k1', value: KEY_B64 }] }; }), 'b.yaml'));
    expect(msg).toContain('b.yaml: store.encryptionKeys.0.value');
    const msg2 = problem(() => parseConfig(testConfig((c) => { c.mode = 'production'; c.store = { credentialCache: { enabled: true } }; }), 'b.yaml'));
    expect(msg2).toContain('b.yaml: store.encryptionKeys');
  });

  it('lets REDIS_URL switch the store to Redis, keeping the prefix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stsb-cfg-'));
    const file = join(dir, 'bridge.yaml');
    writeFileSync(file, stringify(testConfig((c) => { c.store = { redis: { keyPrefix: 'p:', sentinels: [{ host: 's', port: 1 }], name: 'm' } }; })));
    const c = loadConfig(file, { REDIS_URL: 'redis://10.0.0.1:6379/2' });
    expect(c.store.type).toBe('redis');
    expect(c.store.redis).toMatchObject({ url: 'redis://10.0.0.1:6379/2', keyPrefix: 'p:' });
    expect(c.store.redis?.sentinels).toBeUndefined();
  });

  it('loads keys from files and environment variables, active key first for new values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stsb-keys-'));
    writeFileSync(join(dir, 'k1'), Buffer.alloc(32, 1).toString('hex'));
    const c = parseConfig(testConfig((r) => { r.store = { encryptionKeys: [{ id: 'k1', file: join(dir, 'k1') }, { id: 'k2', env: 'STORE_K2' }], activeKeyId: 'k2' }; }), 'b.yaml');
    const ring = loadStoreKeyring(c, { STORE_K2: KEY_B64 });
    expect(ring.activeId).toBe('k2');
    expect(ring.keys.get('k1')).toEqual(Buffer.alloc(32, 1));
    expect(ring.keys.get('k2')).toEqual(Buffer.alloc(32, 7));
    expect(problem(() => loadStoreKeyring(c, {}))).toContain('STORE_K2 is not set');
  });
});
