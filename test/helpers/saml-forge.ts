// Builds hostile SAML responses from correctly signed dev-IdP ones: the
// published XSW1–XSW8 shapes (SAMLRaider XSWHelpers), comment injection,
// attacker re-signing with the attacker's cert in KeyInfo, weak algorithms.
// Everything starts from the dev IdP's own builders, so only the attack differs.
import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { buildAssertion, buildResponse, samlId, type AssertionArgs } from '../../src/devidp/saml/response.js';
import type { SigningKey } from '../../src/devidp/saml/sign.js';

export const NS = { samlp: 'urn:oasis:names:tc:SAML:2.0:protocol', saml: 'urn:oasis:names:tc:SAML:2.0:assertion', ds: 'http://www.w3.org/2000/09/xmldsig#' };
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const ALG = {
  rsaSha256: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', sha256: 'http://www.w3.org/2001/04/xmlenc#sha256',
  rsaSha1: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', sha1: 'http://www.w3.org/2000/09/xmldsig#sha1',
};

export interface SignOptions { sig?: string; digest?: string }

/** Signs the root element of `xml` (Assertion or Response) as the dev IdP does, algorithms selectable. */
export function signRoot(xml: string, localName: 'Assertion' | 'Response', key: SigningKey, o: SignOptions = {}): string {
  const root = `/*[local-name(.)='${localName}']`;
  const sig = new SignedXml({ privateKey: key.keyPem, publicCert: key.certPem, signatureAlgorithm: o.sig ?? ALG.rsaSha256, canonicalizationAlgorithm: EXC_C14N });
  sig.addReference({ xpath: root, digestAlgorithm: o.digest ?? ALG.sha256, transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXC_C14N] });
  sig.computeSignature(xml, { prefix: 'ds', location: { reference: `${root}/*[local-name(.)='Issuer']`, action: 'after' } });
  return sig.getSignedXml();
}

export interface ForgeArgs extends Omit<AssertionArgs, 'nameId' | 'attributes'> {
  nameId: string;
  groups: string[];
  assertionId?: string;
  /** Which parts carry a signature (default both, like the dev IdP). */
  signed?: 'both' | 'assertion' | 'response' | 'none';
  sign?: SignOptions;
  /** Edits the assertion XML text after building and before signing. */
  editAssertion?: (xml: string) => string;
}

export function forgeResponse(key: SigningKey, a: ForgeArgs): string {
  const signed = a.signed ?? 'both';
  let assertion = buildAssertion({ ...a, attributes: { email: 'bob@example.com', name: 'Bob Reader', username: 'bob', groups: a.groups } }, a.assertionId ?? samlId());
  if (a.editAssertion) assertion = a.editAssertion(assertion);
  if (signed === 'both' || signed === 'assertion') assertion = signRoot(assertion, 'Assertion', key, a.sign);
  const response = buildResponse(a, assertion);
  return signed === 'both' || signed === 'response' ? signRoot(response, 'Response', key, a.sign) : response;
}

export const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

// --- DOM surgery for the XSW shapes -------------------------------------------------

const parse = (xml: string): Document => new DOMParser().parseFromString(xml, 'text/xml');
const child = (e: Element, ns: string, name: string): Element => Array.from(e.childNodes).find((c): c is Element => (c as Element).localName === name && (c as Element).namespaceURI === ns)!;
const clone = (e: Element): Element => e.cloneNode(true) as Element;

/** The "altered" content: a new ID and the admin group in place of the real one. */
function alter(e: Element): Element {
  e.setAttribute('ID', samlId());
  for (const v of Array.from(e.getElementsByTagNameNS(NS.saml, 'AttributeValue'))) {
    if ((v.parentNode as Element).getAttribute('Name') === 'groups') v.textContent = 'aws-admins';
  }
  return e;
}

function unsigned(e: Element): Element {
  const c = clone(e);
  const s = child(c, NS.ds, 'Signature');
  if (s) c.removeChild(s);
  return c;
}

export type XswShape = 'XSW1' | 'XSW2' | 'XSW3' | 'XSW4' | 'XSW5' | 'XSW6' | 'XSW7' | 'XSW8';

/** Applies one XSW shape (definitions: hostile-inputs.md A1) to a signed response. */
export function xsw(xml: string, shape: XswShape): string {
  const doc = parse(xml);
  const resp = doc.documentElement!;
  const assertion = child(resp, NS.saml, 'Assertion');
  const respSig = child(resp, NS.ds, 'Signature');
  const assSig = child(assertion, NS.ds, 'Signature');
  switch (shape) {
    case 'XSW1': respSig.appendChild(unsigned(resp)); alter(resp); alter(assertion); break;
    case 'XSW2': resp.insertBefore(unsigned(resp), respSig); alter(resp); alter(assertion); break;
    case 'XSW3': resp.insertBefore(alter(unsigned(assertion)), assertion); break;
    case 'XSW4': { const evil = alter(unsigned(assertion)); resp.replaceChild(evil, assertion); evil.appendChild(assertion); break; }
    case 'XSW5': { const copy = unsigned(assertion); alter(assertion); resp.appendChild(copy); break; }
    case 'XSW6': { const copy = unsigned(assertion); alter(assertion); assSig.appendChild(copy); break; }
    case 'XSW7': {
      const ext = doc.createElementNS(NS.samlp, 'samlp:Extensions');
      ext.appendChild(alter(unsigned(assertion)));
      resp.insertBefore(ext, assertion);
      break;
    }
    case 'XSW8': {
      const obj = doc.createElementNS(NS.ds, 'ds:Object');
      obj.appendChild(unsigned(assertion));
      assSig.appendChild(obj);
      alter(assertion);
      break;
    }
  }
  return new XMLSerializer().serializeToString(doc);
}

/** A second, separately signed assertion (or one inside an Advice) added to a signed response. */
export function withExtraAssertion(xml: string, extra: string, where: 'sibling' | 'advice'): string {
  const doc = parse(xml);
  const resp = doc.documentElement!;
  const assertion = child(resp, NS.saml, 'Assertion');
  const other = parse(extra).documentElement!;
  if (where === 'sibling') resp.appendChild(doc.importNode(other, true));
  else {
    const advice = doc.createElementNS(NS.saml, 'saml:Advice');
    advice.appendChild(doc.importNode(other, true));
    assertion.insertBefore(advice, child(assertion, NS.saml, 'Conditions').nextSibling);
  }
  return new XMLSerializer().serializeToString(doc);
}

/** Strips every ds:Signature. */
export function stripSignatures(xml: string): string {
  return xml.replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '');
}
