// Where the bridge's keys come from: configured files in production; files
// generated once into certs/ in development (with a loud warning).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { BridgeError } from '../errors.js';
import { logger } from '../log.js';
import { ensureDevKeyPair } from './certs.js';
import { writeOnce } from './write-once.js';
import { fileSigner, fileSignerFromPaths, type Signer } from './signer.js';

export async function loadSigner(c: Config): Promise<Signer> {
  if (c.signing.keyFile && c.signing.certFile) return fileSignerFromPaths(c.signing.keyFile, c.signing.certFile, c.signing.additionalCertFiles);
  if (c.mode === 'production') throw new BridgeError('config_invalid', 'signing.keyFile and signing.certFile are required in production');
  const kp = await ensureDevKeyPair(c.certsDir, 'bridge-aws-signing', 'sts-bridge development IdP (AWS-facing)');
  if (kp.generated) logger('keys').warn({ keyPath: kp.keyPath }, 'generated a DEVELOPMENT signing key; production mode refuses it');
  return fileSigner(kp.keyPem, kp.certPem);
}

export function loadSessionSecret(c: Config): string {
  const file = c.session.secretFile ?? join(c.certsDir, 'session-secret');
  if (!existsSync(file)) {
    if (c.mode === 'production') throw new BridgeError('config_invalid', `session.secretFile: not found: ${file}`);
    writeOnce(file, randomBytes(48).toString('base64url'));
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) throw new BridgeError('config_invalid', `session.secretFile: ${file}: the session secret must be at least 32 characters`);
  return secret;
}

export function readPemFiles(files: string[]): string[] {
  return files.map((f) => {
    try { return readFileSync(f, 'utf8'); } catch { throw new BridgeError('config_invalid', `cannot read certificate file ${f}`); }
  });
}
