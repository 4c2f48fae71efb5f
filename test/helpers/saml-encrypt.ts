// Wraps a signed assertion in an EncryptedAssertion for the SP's key, as an IdP
// with assertion encryption on would (AES-256-GCM, RSA-OAEP).
import { createRequire } from 'node:module';

interface XmlEnc {
  encrypt(content: string, o: Record<string, unknown>, cb: (err: Error | null, out: string) => void): void;
}
const xmlenc = createRequire(import.meta.url)('xml-encryption') as XmlEnc;

export function encryptAssertion(signedAssertion: string, spCertPem: string, spPublicKeyPem: string): Promise<string> {
  return new Promise((resolve, reject) => {
    xmlenc.encrypt(signedAssertion, {
      rsa_pub: spPublicKeyPem, pem: spCertPem,
      encryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
      keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
      disallowEncryptionWithInsecureAlgorithm: true, warnInsecureAlgorithm: false,
    }, (err, out) => (err ? reject(err) : resolve(`<saml:EncryptedAssertion>${out}</saml:EncryptedAssertion>`)));
  });
}
