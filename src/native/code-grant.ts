// One-time authorization codes for the loopback flow: issued after the browser
// user approves, redeemed once with the PKCE verifier at the token endpoint.
import { BridgeError } from '../errors.js';
import type { Identity } from '../identity.js';
import type { Store } from '../store/store.js';
import { digest, randomToken, verifierMatches } from './pkce.js';

const CODE_TTL_SEC = 120;

interface CodeRecord {
  identity: Identity;
  challenge: string;
  redirectUri: string;
  sessionExpiresAt: number;
}

export async function issueCode(store: Store, r: CodeRecord): Promise<string> {
  const code = randomToken();
  await store.set(`native:code:${digest(code)}`, JSON.stringify(r), CODE_TTL_SEC);
  return code;
}

/** Consumes the code first, so a wrong verifier or redirect also burns it (no guessing). */
export async function redeemCode(store: Store, code: unknown, verifier: unknown, redirectUri: unknown): Promise<CodeRecord> {
  if (typeof code !== 'string' || code.length === 0 || code.length > 200) throw new BridgeError('invalid_request', 'code is required.');
  const raw = await store.consume(`native:code:${digest(code)}`);
  if (!raw) throw new BridgeError('invalid_grant', 'The authorization code is unknown, used or expired.');
  const r = JSON.parse(raw) as CodeRecord;
  if (redirectUri !== r.redirectUri) throw new BridgeError('invalid_grant', 'redirect_uri does not match the authorization request.');
  if (!verifierMatches(verifier, r.challenge)) throw new BridgeError('invalid_grant', 'The PKCE code_verifier does not match.');
  return r;
}
