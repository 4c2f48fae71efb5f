// `sts-bridge logout` (revoke the CLI session at the bridge, forget it and the
// credentials it issued) and `sts-bridge status` (who, until when; exit 2 when
// not signed in, so scripts can test it).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, str } from '../args.js';
import { resolveBridgeUrl } from '../config.js';
import type { CachedCredentials } from '../credentials.js';
import { needsLogin } from '../errors.js';
import { readJsonIfExists, removeFile } from '../files.js';
import { cacheDir } from '../paths.js';
import { loadSession, revokeSession } from '../session-store.js';

export const LOGOUT_HELP = `Usage: sts-bridge logout [--bridge-url URL]

Revokes the CLI session at the bridge and deletes it and its cached credentials.`;
export const STATUS_HELP = `Usage: sts-bridge status [--bridge-url URL]

Prints who is signed in and until when; exits 2 when not signed in.`;

function forgetCredentials(bridgeUrl: string): void {
  const dir = join(cacheDir(), 'credentials');
  let files: string[] = [];
  try { files = readdirSync(dir); } catch { return; }
  for (const f of files) {
    if (readJsonIfExists<CachedCredentials>(join(dir, f))?.BridgeUrl === bridgeUrl) removeFile(join(dir, f));
  }
}

export async function logout(argv: string[]): Promise<number> {
  const p = parse(argv, {}, LOGOUT_HELP);
  if (!p) return 0;
  const bridgeUrl = resolveBridgeUrl(str(p.values, 'bridge-url'));
  forgetCredentials(bridgeUrl);
  const had = await revokeSession(bridgeUrl);
  process.stderr.write(had ? `Signed out of ${bridgeUrl}; the CLI session is revoked.\n` : `Not signed in to ${bridgeUrl}.\n`);
  return 0;
}

export async function status(argv: string[]): Promise<number> {
  const p = parse(argv, {}, STATUS_HELP);
  if (!p) return 0;
  const bridgeUrl = resolveBridgeUrl(str(p.values, 'bridge-url'));
  const s = loadSession(bridgeUrl);
  if (!s) throw needsLogin();
  process.stdout.write(`${JSON.stringify({ bridgeUrl, user: s.user, idp: s.idp, sessionExpiresAt: s.expiresAt })}\n`);
  return 0;
}
