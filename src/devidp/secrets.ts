// Dev-only secrets persisted in certsDir (0600) so restarts keep OIDC tokens,
// cookies and subject ids stable. Never used in production mode.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOnce } from '../keys/write-once.ts';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface DevSecrets {
  /** HMAC key for opaque subjects (OIDC sub and SAML NameID). */
  subjectKey: Buffer;
  /** HMAC key for the signed pending-SAML-request token. */
  samlStateKey: Buffer;
  cookieKeys: string[];
  /** Private JWKS for oidc-provider (RS256). */
  jwks: { keys: JWK[] };
}

async function readOrCreate<T>(path: string, create: () => Promise<T> | T): Promise<T> {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as T;
  // A concurrent first start must not overwrite a key already in use: the loser reads the winner's.
  return JSON.parse(writeOnce(path, JSON.stringify(await create(), null, 2) + '\n')) as T;
}

async function newJwks(): Promise<{ keys: JWK[] }> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  return { keys: [{ ...jwk, kid: `dev-${randomBytes(6).toString('hex')}`, alg: 'RS256', use: 'sig' }] };
}

export async function ensureDevSecrets(certsDir: string): Promise<DevSecrets> {
  mkdirSync(certsDir, { recursive: true });
  const sym = await readOrCreate(join(certsDir, 'dev-idp-secrets.json'), () => ({
    subjectKey: randomBytes(32).toString('base64url'),
    samlStateKey: randomBytes(32).toString('base64url'),
    cookieKeys: [randomBytes(32).toString('base64url')],
  }));
  const jwks = await readOrCreate(join(certsDir, 'dev-oidc-jwks.json'), newJwks);
  return {
    subjectKey: Buffer.from(sym.subjectKey, 'base64url'),
    samlStateKey: Buffer.from(sym.samlStateKey, 'base64url'),
    cookieKeys: sym.cookieKeys,
    jwks,
  };
}
