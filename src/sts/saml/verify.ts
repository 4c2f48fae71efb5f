// Signature verification for a SAML Response, returning ONLY the signed
// Assertion, re-parsed from the canonical signed bytes xml-crypto verified.
// Keys come from the provider's metadata; KeyInfo in the message is ignored.
import type { Document, Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { badSaml } from '../errors.js';
import { NS, child, children, descendants, isElement, parseXml } from './dom.js';

const SIG_ALGS = ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512'];
const DIGEST_ALGS = ['http://www.w3.org/2001/04/xmlenc#sha256', 'http://www.w3.org/2001/04/xmlenc#sha512'];
const SHA1 = { sig: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', digest: 'http://www.w3.org/2000/09/xmldsig#sha1' };
const TRANSFORMS = [
  'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
];
const INVALID = 'Response signature invalid';

export interface VerifyOptions { certs: string[]; allowInsecureSha1: boolean }

/** Structural checks on one Signature before any crypto: one Reference, to its parent, allowed algorithms. */
function checkSignatureShape(doc: Document, sig: Element, target: Element, opts: VerifyOptions): void {
  const signedInfo = children(sig, NS.ds, 'SignedInfo');
  if (signedInfo.length !== 1) throw badSaml(INVALID, 'expected exactly one SignedInfo');
  const si = signedInfo[0]!;
  const alg = child(si, NS.ds, 'SignatureMethod')?.getAttribute('Algorithm') ?? '';
  if (!SIG_ALGS.includes(alg) && !(opts.allowInsecureSha1 && alg === SHA1.sig)) throw badSaml(INVALID, `signature algorithm not allowed: ${alg}`);
  const refs = children(si, NS.ds, 'Reference');
  if (refs.length !== 1) throw badSaml(INVALID, 'expected exactly one Reference');
  const ref = refs[0]!;
  const id = target.getAttribute('ID') ?? '';
  if (!/^[A-Za-z_][\w.-]*$/.test(id) || ref.getAttribute('URI') !== `#${id}`) throw badSaml(INVALID, 'Reference does not point at the signed element');
  const sameId = [...descendants(doc, '*', '*')].filter((e) => ['ID', 'Id', 'id'].some((a) => e.getAttribute(a) === id));
  if (sameId.length !== 1) throw badSaml(INVALID, 'ID is not unique');
  const digest = child(ref, NS.ds, 'DigestMethod')?.getAttribute('Algorithm') ?? '';
  if (!DIGEST_ALGS.includes(digest) && !(opts.allowInsecureSha1 && digest === SHA1.digest)) throw badSaml(INVALID, `digest algorithm not allowed: ${digest}`);
  const transforms = descendants(ref, NS.ds, 'Transform').map((t) => t.getAttribute('Algorithm') ?? '');
  if (transforms.length > 2 || transforms.some((t) => !TRANSFORMS.includes(t))) throw badSaml(INVALID, 'transform not allowed');
}

/** Verifies one Signature against each pinned cert; returns the single signed reference's canonical XML. */
function verifyOne(xml: string, doc: Document, sig: Element, target: Element, opts: VerifyOptions): string {
  checkSignatureShape(doc, sig, target, opts);
  for (const cert of opts.certs) {
    const sx = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
    try {
      sx.loadSignature(sig);
      if (!sx.checkSignature(xml)) continue;
    } catch {
      continue;
    }
    const refs = sx.getSignedReferences();
    if (refs.length === 1) return refs[0]!;
  }
  throw badSaml(INVALID, 'no metadata certificate verifies the signature');
}

/** Returns the Assertion element parsed from verified bytes; throws InvalidIdentityToken otherwise. */
export function verifiedAssertion(xml: string, opts: VerifyOptions): Element {
  const doc = parseXml(xml);
  const root = doc.documentElement!;
  if (!isElement(root, NS.samlp, 'Response')) throw badSaml('Invalid SAML response', 'root is not samlp:Response');
  if (descendants(doc, NS.saml, 'EncryptedAssertion').length > 0) throw badSaml('Invalid SAML response', 'encrypted assertions are not supported');
  const assertions = descendants(doc, NS.saml, 'Assertion');
  // XSW guard: one Assertion in the whole document, directly under the Response.
  if (assertions.length !== 1 || assertions[0]!.parentNode !== root) throw badSaml('Invalid SAML response', 'expected exactly one Assertion under Response');
  const assertion = assertions[0]!;
  const respSig = children(root, NS.ds, 'Signature');
  const asSig = children(assertion, NS.ds, 'Signature');
  if (descendants(doc, NS.ds, 'Signature').length !== respSig.length + asSig.length || respSig.length > 1 || asSig.length > 1) {
    throw badSaml(INVALID, 'unexpected Signature placement');
  }
  if (respSig.length + asSig.length === 0) throw badSaml(INVALID, 'response is not signed');
  // An invalid signature anywhere is fatal: never fall back to the other one.
  const signedAssertion = asSig.length ? verifyOne(xml, doc, asSig[0]!, assertion, opts) : undefined;
  const signedResponse = respSig.length ? verifyOne(xml, doc, respSig[0]!, root, opts) : undefined;
  const signedRoot = parseXml(signedResponse ?? signedAssertion!).documentElement!;
  const found = isElement(signedRoot, NS.saml, 'Assertion') ? [signedRoot] : descendants(signedRoot, NS.saml, 'Assertion');
  if (found.length !== 1) throw badSaml('Invalid SAML response', 'signed content must hold exactly one Assertion');
  return found[0]!;
}
