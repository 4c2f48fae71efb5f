// Reads what the bridge uses from the assertion node-saml verified, i.e. from
// the signed, canonical bytes (getAssertionXml), never the posted document.
// Text is the concatenation of every text node, so a comment or CDATA split
// (`admin<!---->.evil`, the CVE-2017-11427 family) cannot truncate a value;
// an element where text is expected is refused, not skipped.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { refuse } from './saml-shape.js';

const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';

export interface SignedAssertion {
  id: string;
  issuer: string;
  nameId: string;
  recipients: string[];
  notOnOrAfter?: number;
  /** AuthnStatement/@AuthnInstant, epoch ms, when present and parseable. */
  authnInstant?: number;
  attributes: Record<string, string[]>;
}

function text(e: Element, what: string): string {
  for (const c of Array.from(e.childNodes)) {
    if (c.nodeType === c.ELEMENT_NODE) refuse('mixed_content', `${what} holds an element, not text`);
    if (c.nodeType === c.PROCESSING_INSTRUCTION_NODE) refuse('processing_instruction', `${what} holds a processing instruction`);
  }
  // textContent skips comments and joins every text and CDATA node.
  return (e.textContent ?? '').trim();
}

const children = (e: Element, name: string): Element[] =>
  Array.from(e.childNodes).filter((c): c is Element => c.nodeType === c.ELEMENT_NODE && (c as Element).namespaceURI === SAML_NS && (c as Element).localName === name);

const one = (e: Element | undefined, name: string): Element | undefined => (e ? children(e, name)[0] : undefined);

function attributes(a: Element): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const st of children(a, 'AttributeStatement')) {
    for (const attr of children(st, 'Attribute')) {
      const name = attr.getAttribute('Name') ?? '';
      const values = children(attr, 'AttributeValue').map((v) => text(v, `attribute ${name.slice(0, 60)}`).normalize('NFC'));
      out[name] = [...(out[name] ?? []), ...values];
    }
  }
  return out;
}

const time = (s: string | null | undefined): number | undefined => {
  if (!s) return undefined;
  const t = Date.parse(s);
  if (Number.isNaN(t)) refuse('malformed', 'an unparseable timestamp');
  return t;
};

export function readSignedAssertion(xml: string): SignedAssertion {
  const a = new DOMParser({ onError: () => refuse('malformed', 'signed assertion unreadable') }).parseFromString(xml, 'text/xml').documentElement;
  if (!a || a.localName !== 'Assertion' || a.namespaceURI !== SAML_NS) refuse('malformed', 'the signed content is not an Assertion');
  const subject = one(a, 'Subject');
  const nameIdEl = one(subject, 'NameID');
  const data = (subject ? children(subject, 'SubjectConfirmation') : []).flatMap((c) => children(c, 'SubjectConfirmationData'));
  // The replay record must outlive every window the assertion is valid in.
  const limits = [...data, ...[one(a, 'Conditions')].filter((c): c is Element => c !== undefined)]
    .map((e) => time(e.getAttribute('NotOnOrAfter') || undefined)).filter((t): t is number => t !== undefined);
  const issuerEl = one(a, 'Issuer');
  const notOnOrAfter = limits.length ? Math.max(...limits) : undefined;
  const authnInstant = time(one(a, 'AuthnStatement')?.getAttribute('AuthnInstant'));
  return {
    id: a.getAttribute('ID') ?? '',
    issuer: issuerEl ? text(issuerEl, 'Issuer') : '',
    nameId: nameIdEl ? text(nameIdEl, 'NameID') : '',
    recipients: data.map((d) => d.getAttribute('Recipient') ?? ''),
    ...(notOnOrAfter !== undefined ? { notOnOrAfter } : {}),
    ...(authnInstant !== undefined ? { authnInstant } : {}),
    attributes: attributes(a),
  };
}
