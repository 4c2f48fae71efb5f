// doctor: each SAML IdP's metadata URL answers with an EntityDescriptor for
// the configured issuer, carrying at least one of the configured certificates
// (a rollover the bridge has not been told about shows up here first).
import { DOMParser } from '@xmldom/xmldom';
import { certBody } from '../keys/certs.js';
import type { Finding } from './checks.js';

const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';

export interface SamlMetadataTarget { id: string; url: string; issuer: string; certs: string[] }

function read(xml: string): { entityId: string; certs: string[] } | undefined {
  const root = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml').documentElement;
  if (!root || root.namespaceURI !== MD_NS || root.localName !== 'EntityDescriptor') return undefined;
  const certs = Array.from(root.getElementsByTagNameNS(DS_NS, 'X509Certificate')).map((c) => (c.textContent ?? '').replace(/\s+/g, ''));
  return { entityId: root.getAttribute('entityID') ?? '', certs };
}

export async function checkSamlMetadata(targets: SamlMetadataTarget[], fetchFn: typeof fetch = fetch): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const t of targets) {
    const finding = (ok: boolean, what: string) => out.push({ check: 'saml-metadata', ok, message: `${t.id}: ${t.url} ${what}` });
    try {
      const res = await fetchFn(t.url, { signal: AbortSignal.timeout(5000) });
      const md = res.ok ? read(await res.text()) : undefined;
      if (!md) { finding(false, `answered ${res.status} without SAML metadata`); continue; }
      if (md.entityId !== t.issuer) { finding(false, `names entityID ${md.entityId}, but idpIssuer is ${t.issuer}`); continue; }
      const known = t.certs.map((c) => certBody(c));
      const ok = known.length === 0 || md.certs.some((c) => known.includes(c));
      finding(ok, ok ? 'answers' : 'publishes none of the configured idpCertFiles certificates');
    } catch (e) {
      finding(false, `does not answer (${(e as Error).message})`);
    }
  }
  return out;
}
