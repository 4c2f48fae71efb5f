// AES-256-GCM sealing for secrets kept in the shared store. Each sealed value
// names its key id, so keys can rotate: new values use the active key, older
// ids still open until they are removed from the ring. The store key is bound
// as additional data, so a sealed value moved to another key will not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { BridgeError } from '../errors.js';

const VERSION = 'v1';

export interface Keyring {
  activeId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export function keyring(keys: Array<{ id: string; key: Buffer }>, activeId = keys[0]?.id): Keyring {
  if (!activeId || keys.length === 0) throw new BridgeError('config_invalid', 'store.encryptionKeys: at least one key is needed');
  for (const k of keys) {
    if (k.key.length !== 32) throw new BridgeError('config_invalid', `store.encryptionKeys.${k.id}: must be 32 bytes (base64 or hex)`);
  }
  const map = new Map(keys.map((k) => [k.id, k.key] as const));
  if (!map.has(activeId)) throw new BridgeError('config_invalid', `store.activeKeyId: no key with id ${activeId}`);
  return { activeId, keys: map };
}

/** `v1.<keyId>.<iv>.<ciphertext+tag>`, base64url parts. */
export function seal(ring: Keyring, plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', ring.keys.get(ring.activeId)!, iv);
  c.setAAD(Buffer.from(boundTo));
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final(), c.getAuthTag()]);
  return [VERSION, ring.activeId, iv.toString('base64url'), body.toString('base64url')].join('.');
}

/** The plaintext, or undefined when the value is not ours to open (unknown key, tampered, wrong binding). */
export function open(ring: Keyring, sealed: string, boundTo: string): string | undefined {
  const [v, id, ivB64, bodyB64] = sealed.split('.');
  const key = id === undefined ? undefined : ring.keys.get(id);
  if (v !== VERSION || !key || !ivB64 || !bodyB64) return undefined;
  const body = Buffer.from(bodyB64, 'base64url');
  if (body.length < 16) return undefined;
  try {
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(ivB64, 'base64url'));
    d.setAAD(Buffer.from(boundTo));
    d.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
