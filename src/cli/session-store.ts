// The CLI session token on disk: one 0600 file per bridge under the cache
// directory (0700). It is the only long-lived secret the CLI holds.
import { BridgeRefusal, callBridge } from './bridge-client.js';
import { EXIT, needsLogin } from './errors.js';
import { ensurePrivateDir, readJsonIfExists, removeFile, writeFileAtomic } from './files.js';
import { cacheDir, sessionFile } from './paths.js';

export interface StoredSession { bridgeUrl: string; token: string; expiresAt: string; user: string; idp: string }

export function loadSession(bridgeUrl: string, env: NodeJS.ProcessEnv = process.env): StoredSession | undefined {
  const s = readJsonIfExists<StoredSession>(sessionFile(bridgeUrl, env));
  if (!s || s.bridgeUrl !== bridgeUrl || typeof s.token !== 'string') return undefined;
  return Date.parse(s.expiresAt) > Date.now() ? s : undefined;
}

export function requireSession(bridgeUrl: string, env: NodeJS.ProcessEnv = process.env): StoredSession {
  const s = loadSession(bridgeUrl, env);
  if (!s) throw needsLogin();
  return s;
}

export function saveSession(s: StoredSession, env: NodeJS.ProcessEnv = process.env): void {
  ensurePrivateDir(cacheDir(env));
  writeFileAtomic(sessionFile(s.bridgeUrl, env), `${JSON.stringify(s)}\n`, 0o600);
}

export function forgetSession(bridgeUrl: string, env: NodeJS.ProcessEnv = process.env): void {
  removeFile(sessionFile(bridgeUrl, env));
}

/** Revokes at the bridge (best effort), then forgets locally either way. */
export async function revokeSession(bridgeUrl: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const s = readJsonIfExists<StoredSession>(sessionFile(bridgeUrl, env));
  forgetSession(bridgeUrl, env);
  if (!s?.token) return false;
  await callBridge(bridgeUrl, '/api/native/revoke', { body: { token: s.token } });
  return true;
}

/**
 * Whether the bridge still honours the stored session: a restarted bridge with
 * the memory store, or a revocation elsewhere, leaves a local file that looks
 * live. A dead one is forgotten; an unreachable bridge throws (exit 4).
 */
export async function sessionIsLive(s: StoredSession, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  try {
    await callBridge(s.bridgeUrl, '/api/native/roles', { token: s.token });
    return true;
  } catch (e) {
    if (!(e instanceof BridgeRefusal)) throw e;
    if (e.exitCode === EXIT.login) { forgetSession(s.bridgeUrl, env); return false; }
    if (e.exitCode === EXIT.refused) return true; // the token was accepted; only the roles were refused
    throw e;
  }
}
