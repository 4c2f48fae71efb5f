// `sts-bridge login`: sign in (browser + loopback, or device code), pick a
// role, and write credentials where asked. Reuses a live CLI session, so a
// second login for another role or after expiry needs no browser.
import { loopbackLogin } from '../auth/loopback.js';
import { deviceLogin } from '../auth/device.js';
import { parse, str, TARGET, type Values } from '../args.js';
import { ensureConfigRegion, writeCredentialsProfile } from '../aws-files.js';
import { callBridge, type RolesAnswer } from '../bridge-client.js';
import { resolveBridgeUrl, saveProfile } from '../config.js';
import { getCredentials } from '../credentials.js';
import { usage } from '../errors.js';
import { processJson, shellExports, type Shell } from '../output.js';
import { chooseRole, parseDuration } from '../roles.js';
import { loadSession, saveSession, sessionIsLive, type StoredSession } from '../session-store.js';
import { profileSettings } from '../target.js';

export const HELP = `Usage: sts-bridge login [options]

Signs in through the bridge and writes AWS credentials for one role.
  --bridge-url URL        the bridge (else STS_BRIDGE_URL, else config.json)
  --no-browser            device code sign-in, for a machine without a browser
  --browser-command CMD   program that opens the sign-in URL (also STS_BRIDGE_BROWSER)
  --force                 sign in again even if a CLI session is still live
  --timeout SEC           how long to wait for the browser (default 300)
  -r, --role ROLE         ARN, alias/Name, account:Name or Name (else a list to pick from)
  --account ID|ALIAS      narrows --role or the list to one account
  -d, --duration D        session length: seconds, or e.g. 90m, 8h (capped by the role)
  -p, --profile NAME      profile to write (default sts-bridge)
  -o, --output WHERE      credentials (default: ~/.aws/credentials, and the profile's region
                          in ~/.aws/config if it has none), env, json, or none (sign in only)
  --shell SHELL           for --output env: bash (default), fish or powershell`;

const OPTIONS = {
  ...TARGET,
  'no-browser': { type: 'boolean' as const }, 'browser-command': { type: 'string' as const }, force: { type: 'boolean' as const },
  timeout: { type: 'string' as const }, output: { type: 'string' as const, short: 'o' }, shell: { type: 'string' as const },
};

async function signIn(bridgeUrl: string, v: Values): Promise<StoredSession> {
  const stored = v.force ? undefined : loadSession(bridgeUrl);
  // Reused only if the bridge still knows it: else `login` would fail with "run login" forever.
  if (stored && await sessionIsLive(stored)) return stored;
  const timeoutSec = Number(str(v, 'timeout') ?? 300);
  if (!Number.isFinite(timeoutSec) || timeoutSec <= 0) throw usage('--timeout must be a number of seconds.');
  const browserCommand = str(v, 'browser-command') ?? process.env.STS_BRIDGE_BROWSER;
  const t = v['no-browser'] ? await deviceLogin(bridgeUrl, { timeoutSec }) : await loopbackLogin(bridgeUrl, { timeoutSec, ...(browserCommand ? { browserCommand } : {}) });
  const s: StoredSession = { bridgeUrl, token: t.refresh_token, expiresAt: new Date(Date.now() + t.expires_in * 1000).toISOString(), user: t.user, idp: t.idp };
  saveSession(s);
  process.stderr.write(`Signed in to ${bridgeUrl} as ${t.user} (CLI session until ${s.expiresAt}).\n`);
  return s;
}

export async function login(argv: string[]): Promise<number> {
  const p = parse(argv, OPTIONS, HELP);
  if (!p) return 0;
  const v = p.values;
  const output = str(v, 'output') ?? 'credentials';
  const shell = (str(v, 'shell') ?? 'bash') as Shell;
  if (!['credentials', 'env', 'json', 'none'].includes(output)) throw usage('--output must be credentials, env, json or none.');
  if (!['bash', 'fish', 'powershell'].includes(shell)) throw usage('--shell must be bash, fish or powershell.');
  const profile = str(v, 'profile') ?? 'sts-bridge';
  const saved = str(v, 'profile') ? profileSettings(profile) : undefined;
  const bridgeUrl = resolveBridgeUrl(str(v, 'bridge-url'), saved?.bridgeUrl);
  const session = await signIn(bridgeUrl, v);
  if (output === 'none') return 0;

  const list = await callBridge<RolesAnswer>(bridgeUrl, '/api/native/roles', { token: session.token });
  const role = await chooseRole(list.roles, str(v, 'role') ?? saved?.role, str(v, 'account'));
  const durationSec = parseDuration(str(v, 'duration') ?? saved?.duration);
  const c = await getCredentials({ bridgeUrl, roleArn: role.arn, ...(durationSec ? { durationSec } : {}) }, { force: true });
  if (output === 'env') process.stdout.write(shellExports(c, shell, c.Region));
  else if (output === 'json') process.stdout.write(processJson(c));
  else {
    const path = writeCredentialsProfile(profile, c);
    saveProfile(profile, { role: role.arn, bridgeUrl, ...(durationSec ? { durationSec } : {}), region: c.Region });
    process.stderr.write(`Wrote profile [${profile}] (${role.arn}) to ${path}; it expires at ${c.Expiration}.\n`);
    const configPath = ensureConfigRegion(profile, c.Region);
    if (configPath) process.stderr.write(`Set region = ${c.Region} for profile ${profile} in ${configPath}.\n`);
  }
  return 0;
}
