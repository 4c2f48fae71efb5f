// The bridge's AWS-facing signing key, behind an interface: whoever holds it
// can take every role that trusts the bridge, so a KMS or HSM signer can
// replace the file-backed one without touching the SAML code.
import { createPrivateKey, createPublicKey, sign as rsaSign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BridgeError } from '../errors.js';

export interface Signer {
  /** The certificate published in the bridge's IdP metadata. */
  readonly certificatePem: string;
  /** Older or newer certificates published alongside during a rollover. */
  readonly additionalCertificatesPem: readonly string[];
  /** RSASSA-PKCS1-v1_5 with SHA-256 over `data`. */
  signRsaSha256(data: Buffer | string): Buffer;
}

export function fileSigner(keyPem: string, certPem: string, additional: string[] = []): Signer {
  const key = createPrivateKey(keyPem);
  const cert = new X509Certificate(certPem);
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (key.asymmetricKeyType !== 'rsa' || bits < 2048) {
    throw new BridgeError('config_invalid', `signing key must be RSA with at least 2048 bits (got ${key.asymmetricKeyType} ${bits})`);
  }
  const pub = createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (!cert.publicKey.export({ type: 'spki', format: 'der' }).equals(pub)) {
    throw new BridgeError('config_invalid', 'signing certificate does not match the signing key');
  }
  return {
    certificatePem: certPem,
    additionalCertificatesPem: additional,
    signRsaSha256: (data) => rsaSign('sha256', typeof data === 'string' ? Buffer.from(data) : data, key),
  };
}

export function fileSignerFromPaths(keyFile: string, certFile: string, additionalCertFiles: string[] = []): Signer {
  const read = (f: string, field: string) => {
    try { return readFileSync(f, 'utf8'); } catch { throw new BridgeError('config_invalid', `${field}: cannot read ${f}`); }
  };
  try {
    return fileSigner(read(keyFile, 'signing.keyFile'), read(certFile, 'signing.certFile'), additionalCertFiles.map((f) => read(f, 'signing.additionalCertFiles')));
  } catch (e) {
    // Name the files: "the signing key is too short" is no help without knowing which one.
    if (e instanceof BridgeError && !e.message.startsWith('signing.')) throw new BridgeError('config_invalid', `signing.keyFile ${keyFile} / signing.certFile ${certFile}: ${e.message}`);
    throw e;
  }
}
