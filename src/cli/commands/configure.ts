// `sts-bridge configure`: one ~/.aws/config profile per role the bridge grants
// the signed-in user, each using credential_process. Profiles it wrote before
// for this bridge whose role is no longer granted are removed; nothing else
// in the file changes.
import { parse, str } from '../args.js';
import { awsConfigFile } from '../paths.js';
import { editIni } from '../aws-files.js';
import { callBridge, type RolesAnswer } from '../bridge-client.js';
import { resolveBridgeUrl } from '../config.js';
import { usage } from '../errors.js';
import { configSection } from '../ini.js';
import { parseDuration } from '../roles.js';
import { requireSession } from '../session-store.js';

export const HELP = `Usage: sts-bridge configure [options]

Writes a [profile ALIAS-ROLE] section in ~/.aws/config (AWS_CONFIG_FILE) for
every role you may take, each with
  credential_process = sts-bridge credential-process --profile ALIAS-ROLE
Run it again whenever your roles change: it adds, updates and removes only
the profiles it manages.
  --bridge-url URL   the bridge (else STS_BRIDGE_URL, else config.json)
  --prefix TEXT      prepended to every profile name
  --region REGION    region for the profiles (default: the bridge's)
  -d, --duration D   session length for every profile`;

/** The command the SDKs run: this installation's bin, quoted for shlex when needed. */
const selfCommand = () => {
  const bin = process.env.STS_BRIDGE_BIN ?? 'sts-bridge';
  return /[\s"'\\]/.test(bin) ? `"${bin.replace(/(["\\])/g, '\\$1')}"` : bin;
};

export async function configure(argv: string[]): Promise<number> {
  const p = parse(argv, { prefix: { type: 'string' }, region: { type: 'string' }, duration: { type: 'string', short: 'd' } }, HELP);
  if (!p) return 0;
  const bridgeUrl = resolveBridgeUrl(str(p.values, 'bridge-url'));
  const prefix = str(p.values, 'prefix') ?? '';
  if (!/^[\w.-]*$/.test(prefix)) throw usage('--prefix may hold letters, digits, _, . and - only.');
  const durationSec = parseDuration(str(p.values, 'duration'));
  const session = requireSession(bridgeUrl);
  const list = await callBridge<RolesAnswer>(bridgeUrl, '/api/native/roles', { token: session.token });
  const region = str(p.values, 'region') ?? list.region;
  const names = new Map(list.roles.map((r) => [`${prefix}${r.account_alias ?? r.account_id}-${r.name}`.replace(/[^\w.-]/g, '-'), r]));
  editIni(awsConfigFile(), (ini) => {
    for (const section of ini.sections()) {
      const s = ini.get(section);
      const name = section.replace(/^profile\s+/, '');
      if (s?.sts_bridge_managed === 'true' && s.sts_bridge_url === bridgeUrl && !names.has(name)) ini.remove(section);
    }
    for (const [name, r] of names) {
      ini.set(configSection(name), {
        credential_process: `${selfCommand()} credential-process --profile ${name}`,
        region,
        sts_bridge_url: bridgeUrl,
        sts_bridge_role: r.arn,
        sts_bridge_duration: durationSec ? String(durationSec) : undefined,
        sts_bridge_managed: 'true',
      });
    }
  });
  process.stdout.write([...names.keys()].map((n) => `${n}\n`).join(''));
  process.stderr.write(`Wrote ${names.size} profile(s) to ${awsConfigFile()}.\n`);
  return 0;
}
