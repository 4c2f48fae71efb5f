// Development key pairs and self-signed certificates. Generated once into
// certs/ (git-ignored) and reused on later starts; production mode never calls
// this: it loads keys from configured paths (see src/keys/load.ts).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto, createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BridgeError } from '../errors.js';
import { waitForFile, writeOnce } from './write-once.js';

x509.cryptoProvider.set(webcrypto as never);

export interface KeyPair {
  /** PKCS#8 PEM private key. */
  keyPem: string;
  /** PEM X.509 certificate (self-signed in development). */
  certPem: string;
  keyPath: string;
  certPath: string;
  /** True when this call created the files. */
  generated: boolean;
}

const ALG = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

export async function generateSelfSigned(commonName: string, days = 3650): Promise<{ keyPem: string; certPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const notBefore = new Date(Date.now() - 60_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16))).toString('hex').replace(/^[89a-f]/, '1'),
    name: `CN=${commonName}`,
    notBefore,
    notAfter: new Date(notBefore.getTime() + days * 86_400_000),
    signingAlgorithm: ALG,
    keys,
    extensions: [new x509.BasicConstraintsExtension(false, undefined, true)],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }).toString();
  return { keyPem, certPem: cert.toString('pem') + '\n' };
}

/** Loads `<dir>/<name>.key` + `<dir>/<name>.crt`, generating them first if absent. */
export async function ensureDevKeyPair(dir: string, name: string, commonName: string): Promise<KeyPair> {
  const keyPath = join(dir, `${name}.key`);
  const certPath = join(dir, `${name}.crt`);
  if (existsSync(keyPath) && existsSync(certPath)) {
    return { keyPem: readFileSync(keyPath, 'utf8'), certPem: readFileSync(certPath, 'utf8'), keyPath, certPath, generated: false };
  }
  // Two first starts at once: whoever places the key also places its
  // certificate; the other waits for that certificate, so the pair matches.
  const fresh = await generateSelfSigned(commonName);
  const keyPem = writeOnce(keyPath, fresh.keyPem, 0o600);
  const generated = keyPem === fresh.keyPem;
  if (generated) writeFileSync(certPath, fresh.certPem, { mode: 0o644 });
  else if (!(await waitForFile(certPath))) {
    throw new BridgeError('config_invalid', `${keyPath} exists without ${certPath}: delete both to generate a new development pair`);
  }
  return { keyPem, certPem: readFileSync(certPath, 'utf8'), keyPath, certPath, generated };
}

/** The base64 DER body of a PEM certificate, as SAML metadata and KeyInfo carry it. */
export function certBody(certPem: string): string {
  return new X509Certificate(certPem).raw.toString('base64');
}

/** Modulus size in bits of an RSA key or certificate (0 when not RSA). */
export function rsaBits(pem: string): number {
  const key = pem.includes('CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}
