// Small XML helpers: escaping for the hand-built SAML documents and a parser
// that refuses DTDs (no entity expansion, no XXE) and oversized input.
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { BridgeError } from '../../errors.ts';

export const NS = {
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export const MAX_XML_CHARS = 64 * 1024;

/** Escapes text and attribute values (quotes included, so one function serves both). */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function bad(detail: string): BridgeError {
  return new BridgeError('invalid_request', 'The SAML request is malformed.', { detail });
}

export function parseXmlSafely(xml: string): Document {
  if (xml.length > MAX_XML_CHARS) throw bad('xml too large');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw bad('DOCTYPE/ENTITY not allowed');
  try {
    return new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') throw new Error(msg);
      },
    }).parseFromString(xml, 'text/xml');
  } catch (e) {
    throw bad(`xml parse error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Direct child elements with the given namespace and local name. */
export function childrenNS(el: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local) out.push(n as Element);
  }
  return out;
}
