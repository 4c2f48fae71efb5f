// `sts-bridge credential-process`: the AWS `credential_process` contract.
// Never prompts: with no live CLI session it says so on stderr and exits 2.
import { parse, TARGET } from '../args.js';
import { getCredentials } from '../credentials.js';
import { processJson } from '../output.js';
import { resolveTarget } from '../target.js';

export const HELP = `Usage: sts-bridge credential-process (--profile NAME | --role ARN) [options]

Prints {"Version":1,...,"Expiration"} for ~/.aws/config:
  credential_process = sts-bridge credential-process --profile NAME
Served from the local cache until 5 minutes before expiry, then refreshed
from the bridge with the CLI session; never opens a browser or prompts.
  -p, --profile NAME   a profile written by \`configure\` or \`login\`
  -r, --role ROLE      role ARN (or alias/Name) instead of a profile
  --account ID|ALIAS   narrows --role
  -d, --duration D     session length (seconds, 90m, 8h)
  --bridge-url URL     the bridge (else the profile's, STS_BRIDGE_URL, config.json)
  --refresh            skip the cache and get new credentials from the bridge (e.g.
                       after a restarted local STS refuses the cached ones)`;

export async function credentialProcess(argv: string[]): Promise<number> {
  const p = parse(argv, { ...TARGET, refresh: { type: 'boolean' } }, HELP);
  if (!p) return 0;
  const t = await resolveTarget(p.values);
  const c = await getCredentials({ bridgeUrl: t.bridgeUrl, roleArn: t.roleArn, ...(t.durationSec ? { durationSec: t.durationSec } : {}) }, { force: p.values.refresh === true });
  process.stdout.write(processJson(c));
  return 0;
}
