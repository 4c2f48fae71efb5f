// `sts-bridge logout` (revoke the CLI session at the bridge, forget it and the
// credentials it issued) and `sts-bridge status` (who, until when; exit 2 when
// not signed in, 4 when the bridge cannot say, so scripts can test it).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse, str } from '../args.js';
import { resolveBridgeUrl } from '../config.js';
import { BridgeRefusal, callBridge, type RolesAnswer } from '../bridge-client.js';
import type { CachedCredentials } from '../credentials.js';
import { EXIT, needsLogin } from '../errors.js';
import { readJsonIfExists, removeFile } from '../files.js';
import { cacheDir } from '../paths.js';
import { forgetSession, loadSession, revokeSession } from '../session-store.js';

export const LOGOUT_HELP = `Usage: sts-bridge logout [--bridge-url URL]

Revokes the CLI session at the bridge and deletes it and its cached credentials.`;
export const STATUS_HELP = `Usage: sts-bridge status [--bridge-url URL]

Asks the bridge whether the CLI session is still live and prints who is
signed in and until when. Exits 0 when signed in, 2 when not (no session, or
the bridge ended, revoked or forgot it), 4 when the bridge cannot be reached.`;

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
  // The local file only says a token was issued: the bridge may have revoked
  // it, or (memory store) forgotten it in a restart. Only the bridge knows.
  let live: RolesAnswer;
  try {
    live = await callBridge<RolesAnswer>(bridgeUrl, '/api/native/roles', { token: s.token });
  } catch (e) {
    if (!(e instanceof BridgeRefusal)) throw e; // unreachable: exit 4 from callBridge
    if (e.exitCode === EXIT.login) {
      forgetSession(bridgeUrl);
      throw needsLogin(`The CLI session at ${bridgeUrl} has ended or was revoked: run \`sts-bridge login\`.`);
    }
    // Token accepted, but no role to list (no_roles_mapped …): still signed in.
    if (e.exitCode !== EXIT.refused) throw e;
    live = { user: s.user, idp: s.idp, session_expires_at: s.expiresAt, region: '', roles: [] };
  }
  process.stdout.write(`${JSON.stringify({ bridgeUrl, user: live.user, idp: live.idp, sessionExpiresAt: live.session_expires_at, roles: live.roles.length })}\n`);
  return 0;
}
