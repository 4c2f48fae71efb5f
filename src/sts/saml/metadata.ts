// IdP metadata: the entityID and the signing certificates AWS would trust.
// Re-read when the file changes (the bridge rewrites it when its key rotates).
import { readFileSync, statSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { NS, children, descendants, parseXml, text } from './dom.js';
import { StsError } from '../errors.js';

export interface IdpMetadata { entityId: string; certs: string[] }

const cache = new Map<string, { mtimeMs: number; size: number; md: IdpMetadata }>();

const toPem = (b64: string): string => `-----BEGIN CERTIFICATE-----\n${b64.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;

export function parseMetadata(xml: string): IdpMetadata {
  const doc = parseXml(xml.replace(/^\uFEFF/, ''), 'metadata');
  const root = doc.documentElement!;
  if (root.namespaceURI !== NS.md || root.localName !== 'EntityDescriptor') throw new Error('root is not md:EntityDescriptor');
  const entityId = root.getAttribute('entityID');
  if (!entityId) throw new Error('EntityDescriptor has no entityID');
  const certs: string[] = [];
  for (const idp of children(root, NS.md, 'IDPSSODescriptor')) {
    for (const kd of children(idp, NS.md, 'KeyDescriptor')) {
      const use = kd.getAttribute('use');
      if (use && use !== 'signing') continue;
      for (const c of descendants(kd, NS.ds, 'X509Certificate')) {
        const pem = toPem(text(c) ?? '');
        const bits = new X509Certificate(pem).publicKey.asymmetricKeyDetails?.modulusLength ?? 0;
        if (bits < 1024) throw new Error('signing key must be RSA of at least 1024 bits');
        certs.push(pem);
      }
    }
  }
  if (certs.length === 0) throw new Error('no IDPSSODescriptor signing certificate');
  if (certs.length > 10) throw new Error('more than 10 signing certificates');
  return { entityId, certs };
}

export function loadMetadata(file: string): IdpMetadata {
  try {
    const st = statSync(file);
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.md;
    const md = parseMetadata(readFileSync(file, 'utf8'));
    cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, md });
    return md;
  } catch (e) {
    // A provider whose metadata cannot be read cannot vouch for anyone.
    throw new StsError('InvalidIdentityToken', 'Unable to parse metadata', `${file}: ${(e as Error).message}`);
  }
}
