// The shape a SAML Response must have before any signature is checked: one
// Response root, exactly one Assertion (or, when a decryption key is set, one
// EncryptedAssertion) as its direct child, nothing Assertion- or Response-like
// anywhere else (XSW1–8, Advice, Extensions, ds:Object), at most one Signature
// per signed element, and only allow-listed algorithms. node-saml's XPaths use
// local-name(), so the counts below do too: a foreign namespace is no hiding place.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { BridgeError } from '../errors.js';

export interface ShapeOptions {
  maxElements: number;
  /** An EncryptedAssertion is accepted only when a decryption key is configured. */
  allowEncrypted: boolean;
  /** SHA-1 digests and RSA-SHA1 signatures, only when the IdP config opts in. */
  allowSha1: boolean;
}

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

const SIGNATURE_ALGS = ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512'];
const DIGEST_ALGS = ['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512'];
const SHA1 = { sig: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', digest: 'http://www.w3.org/2000/09/xmldsig#sha1' };
const C14N_ALGS = [
  'http://www.w3.org/2001/10/xml-exc-c14n#', 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315', 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
];
const TRANSFORM_ALGS = ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', ...C14N_ALGS];

/** The one refusal of the SAML pre-checks; `reason` is a stable token for the audit trail. */
export function refuse(reason: string, detail: string): never {
  throw new BridgeError('invalid_saml_response', 'Sign-in failed: the identity provider\'s answer could not be verified.', { detail: `${reason}: ${detail}` });
}

function parse(xml: string): Element {
  let failure: string | undefined;
  let root: Element | null = null;
  try {
    root = new DOMParser({ onError: (level, msg) => { if (level !== 'warning') failure ??= msg; } }).parseFromString(xml, 'text/xml').documentElement;
  } catch (e) {
    failure ??= e instanceof Error ? e.message : String(e);
  }
  if (failure) refuse('malformed', failure.slice(0, 200));
  if (!root) refuse('malformed', 'no root element');
  return root;
}

const byLocalName = (root: Element, name: string): Element[] =>
  [root, ...Array.from(root.getElementsByTagName('*'))].filter((e) => e.localName === name);

function checkAssertions(root: Element, o: ShapeOptions): void {
  if (root.localName !== 'Response' || root.namespaceURI !== PROTOCOL_NS) refuse('root', `root element is ${root.localName}`);
  if (byLocalName(root, 'Response').length !== 1) refuse('xsw', 'more than one Response element');
  const plain = byLocalName(root, 'Assertion');
  const encrypted = byLocalName(root, 'EncryptedAssertion');
  if (encrypted.length > 0 && !o.allowEncrypted) refuse('encrypted', 'an encrypted assertion, but no decryption key is configured');
  if (plain.length + encrypted.length !== 1) refuse('xsw', `${plain.length} Assertion and ${encrypted.length} EncryptedAssertion elements (exactly one expected)`);
  const only = plain[0] ?? encrypted[0]!;
  if (only.parentNode !== root) refuse('xsw', 'the assertion is not a direct child of the Response');
}

function checkSignatures(root: Element, o: ShapeOptions): void {
  const sigs = byLocalName(root, 'Signature');
  for (const s of sigs) {
    const parent = s.parentNode as Element | null;
    if (s.namespaceURI !== DSIG_NS || !parent || !['Response', 'Assertion'].includes(parent.localName ?? '')) refuse('xsw', 'a Signature outside the Response or Assertion');
  }
  const parents = sigs.map((s) => s.parentNode);
  if (new Set(parents).size !== parents.length) refuse('xsw', 'several Signatures on one element');
  // Only inside signatures: an EncryptedKey's OAEP DigestMethod is not a signature digest.
  const algs = (name: string) => sigs.flatMap((s) => byLocalName(s, name)).map((e) => e.getAttribute('Algorithm') ?? '');
  const sigOk = o.allowSha1 ? [...SIGNATURE_ALGS, SHA1.sig] : SIGNATURE_ALGS;
  const digestOk = o.allowSha1 ? [...DIGEST_ALGS, SHA1.digest] : DIGEST_ALGS;
  for (const a of algs('SignatureMethod')) if (!sigOk.includes(a)) refuse('weak_algorithm', `signature method ${a.slice(0, 100)}`);
  for (const a of algs('DigestMethod')) if (!digestOk.includes(a)) refuse('weak_algorithm', `digest method ${a.slice(0, 100)}`);
  for (const a of algs('CanonicalizationMethod')) if (!C14N_ALGS.includes(a)) refuse('algorithm', `canonicalization ${a.slice(0, 100)}`);
  for (const a of algs('Transform')) if (!TRANSFORM_ALGS.includes(a)) refuse('algorithm', `transform ${a.slice(0, 100)}`);
}

export function checkShape(xml: string, o: ShapeOptions): void {
  const root = parse(xml);
  if (root.getElementsByTagName('*').length > o.maxElements) refuse('too_large', 'too many elements');
  checkAssertions(root, o);
  checkSignatures(root, o);
}
