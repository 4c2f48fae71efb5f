// XML-DSig for the SAML IdP: RSA-SHA256, SHA-256 digests, exclusive c14n,
// enveloped signature placed right after the element's Issuer (schema order),
// KeyInfo carrying the X509Certificate.
import { SignedXml } from 'xml-crypto';

export interface SigningKey {
  keyPem: string;
  certPem: string;
}

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/**
 * Signs the element named `localName` (the document root of `xml`) by its ID attribute.
 * The xpaths are anchored at the root so an assertion nested in a Response is never picked instead.
 */
function signRoot(xml: string, localName: 'Assertion' | 'Response', key: SigningKey): string {
  const root = `/*[local-name(.)='${localName}']`;
  const sig = new SignedXml({
    privateKey: key.keyPem,
    publicCert: key.certPem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: EXC_C14N,
  });
  sig.addReference({
    xpath: root,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXC_C14N],
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${root}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

export function signAssertion(assertionXml: string, key: SigningKey): string {
  return signRoot(assertionXml, 'Assertion', key);
}

export function signResponse(responseXml: string, key: SigningKey): string {
  return signRoot(responseXml, 'Response', key);
}
