// Enveloped XML signatures through a Signer: RSA-SHA256, SHA-256 digest,
// exclusive c14n, placed right after the element's Issuer as the schema wants.
import { SignedXml } from 'xml-crypto';
import type { Signer } from '../keys/signer.js';
import { certBody } from '../keys/certs.js';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

/** Signs the element with local name `elementName` whose ID is `id`, inside `xml`. */
export function signEnveloped(xml: string, signer: Signer, elementName: 'Assertion' | 'Response', id: string): string {
  const sig = new SignedXml({
    privateKey: 'held-by-signer',
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
    getKeyInfoContent: () => `<ds:X509Data><ds:X509Certificate>${certBody(signer.certificatePem)}</ds:X509Certificate></ds:X509Data>`,
  });
  // Route the RSA operation through the Signer instead of a key in memory here.
  sig.SignatureAlgorithms[RSA_SHA256] = class {
    getSignature = (signedInfo: string) => signer.signRsaSha256(signedInfo).toString('base64');
    verifySignature = () => false;
    getAlgorithmName = () => RSA_SHA256;
  } as never;
  sig.addReference({
    xpath: `//*[local-name(.)='${elementName}' and @ID='${id}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXC_C14N],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `//*[local-name(.)='${elementName}' and @ID='${id}']/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}
