// The keys that seal secrets in the shared store: from files or environment
// variables (a literal only in development). With none configured, development
// generates one into certs/, shared by every instance using that folder.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { BridgeError } from '../errors.js';
import { logger } from '../log.js';
import { keyring, type Keyring } from '../store/seal.js';
import { writeOnce } from './write-once.js';

/** 32 bytes written as 64 hex digits or as base64 / base64url. */
export function decodeKey(text: string, field: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new BridgeError('config_invalid', `${field}: must be 32 bytes, as 64 hex digits or base64`);
  return key;
}

function material(k: Config['store']['encryptionKeys'][number], field: string, env: NodeJS.ProcessEnv): string {
  if (k.file !== undefined) {
    try { return readFileSync(k.file, 'utf8'); } catch { throw new BridgeError('config_invalid', `${field}.file: cannot read ${k.file}`); }
  }
  if (k.env !== undefined) {
    const v = env[k.env];
    if (!v) throw new BridgeError('config_invalid', `${field}.env: ${k.env} is not set`);
    return v;
  }
  return k.value!;
}

export function loadStoreKeyring(c: Config, env = process.env): Keyring {
  const configured = c.store.encryptionKeys;
  if (configured.length > 0) {
    return keyring(configured.map((k, i) => ({ id: k.id, key: decodeKey(material(k, `store.encryptionKeys.${i}`, env), `store.encryptionKeys.${i}`) })), c.store.activeKeyId);
  }
  if (c.mode === 'production') throw new BridgeError('config_invalid', 'store.encryptionKeys: required in production');
  const file = join(c.certsDir, 'store-encryption-key');
  if (!existsSync(file)) {
    const fresh = randomBytes(32).toString('base64');
    // Another instance sharing certs/ may make it first; then both use that one.
    if (writeOnce(file, fresh) === fresh) logger('keys').warn({ keyPath: file }, 'generated a DEVELOPMENT store encryption key; production mode refuses it');
  }
  return keyring([{ id: 'dev', key: decodeKey(readFileSync(file, 'utf8'), file) }]);
}
