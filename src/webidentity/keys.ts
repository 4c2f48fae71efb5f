// The bridge's signing keys as an OIDC issuer (RS256, the only algorithm
// AssumeRoleWithWebIdentity takes). Rotation keeps the previous key in the
// JWKS until every token it signed has expired, so AWS never meets an unknown
// kid. Kept in a file so restarts (and instances sharing it) agree.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { BridgeError } from '../errors.js';
import { writeOnce } from '../keys/write-once.js';

export interface IssuerKey { kid: string; privateJwk: JWK; publicJwk: JWK; createdAt: number }

async function newKey(now: number): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return { kid, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' }, publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' }, createdAt: now };
}

export class IssuerKeys {
  private constructor(private keys: IssuerKey[], private readonly file: string | undefined) {}

  /**
   * The keys in `file`, or (when `generate`) a new key written there. The new
   * file is created exclusively: of two instances starting at once, the one
   * that loses the race reads the winner's key, so every JWKS agrees.
   */
  static async open(file: string | undefined, now: number, opts: { generate?: boolean } = {}): Promise<IssuerKeys> {
    if (file && existsSync(file)) return IssuerKeys.read(file);
    if (opts.generate === false) throw new BridgeError('config_invalid', `webIdentity.keyFile: ${file ?? '(unset)'} not found; keys are generated in development only`);
    const k = new IssuerKeys([await newKey(now)], file);
    if (!file) return k;
    // Another instance may place its keys first: then everyone uses those, so every JWKS agrees.
    const content = JSON.stringify(k.keys);
    return writeOnce(file, content) === content ? k : IssuerKeys.read(file);
  }

  private static read(file: string): IssuerKeys {
    return new IssuerKeys(JSON.parse(readFileSync(file, 'utf8')) as IssuerKey[], file);
  }

  private save(): void {
    if (this.file) writeFileSync(this.file, JSON.stringify(this.keys), { mode: 0o600 });
  }

  /** The newest key signs; the one before stays published (tokens live minutes, rotation is rare). */
  async rotate(now: number): Promise<void> {
    this.keys = [await newKey(now), ...this.keys].slice(0, 2);
    this.save();
  }

  current(): IssuerKey {
    return this.keys[0]!;
  }

  async signingKey(): Promise<{ kid: string; key: Awaited<ReturnType<typeof importJWK>> }> {
    const k = this.current();
    return { kid: k.kid, key: await importJWK(k.privateJwk, 'RS256') };
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }
}
