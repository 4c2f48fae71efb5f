// Safe XML parsing and small namespace-aware DOM helpers. No XPath over the
// attacker's document: callers walk explicit parent/child paths only.
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { badSaml } from '../errors.js';

export const NS = {
  samlp: 'urn:oasis:names:tc:SAML:2.0:protocol',
  saml: 'urn:oasis:names:tc:SAML:2.0:assertion',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  md: 'urn:oasis:names:tc:SAML:2.0:metadata',
} as const;

/** SAML never needs a DTD: refuse DOCTYPE/ENTITY before the parser sees them (XXE, billion laughs). */
export function parseXml(xml: string, what = 'SAML response'): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw badSaml(`Invalid ${what}: DOCTYPE is not allowed`);
  let problem: string | undefined;
  let doc: Document;
  try {
    doc = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') problem ??= msg; } })
      .parseFromString(xml, 'text/xml') ;
  } catch (e) {
    throw badSaml(`Invalid ${what}`, (e as Error).message);
  }
  if (problem !== undefined || !doc.documentElement) throw badSaml(`Invalid ${what}`, problem ?? 'no root element');
  return doc;
}

export function children(el: Element, ns: string, local: string): Element[] {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local) out.push(n as Element);
  }
  return out;
}

export function child(el: Element, ns: string, local: string): Element | undefined {
  return children(el, ns, local)[0];
}

/** Every descendant element with this name, anywhere below (and including) node. */
export function descendants(node: Document | Element, ns: string, local: string): Element[] {
  return Array.from(node.getElementsByTagNameNS(ns, local));
}

/** All text below el, concatenated: a comment-split value compares as a whole (CVE-2017-11427 family). */
export function text(el: Element | undefined): string | undefined {
  if (!el) return undefined;
  let s = '';
  const walk = (n: Node): void => {
    for (let c = n.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3 || c.nodeType === 4) s += c.nodeValue ?? '';
      else if (c.nodeType === 1) walk(c);
    }
  };
  walk(el);
  return s.trim();
}

export function isElement(el: Element | null | undefined, ns: string, local: string): el is Element {
  return !!el && el.nodeType === 1 && el.namespaceURI === ns && el.localName === local;
}
