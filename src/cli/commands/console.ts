// `sts-bridge console`: an AWS console sign-in URL for a role. The URL is a
// bearer secret for 15 minutes, so it is opened, and printed only on --print.
import { parse, str, TARGET } from '../args.js';
import { callBridge } from '../bridge-client.js';
import { openUrl } from '../browser.js';
import { requireSession } from '../session-store.js';
import { resolveTarget } from '../target.js';

export const HELP = `Usage: sts-bridge console (--profile NAME | --role ROLE) [options]

Opens the AWS console signed in as the role.
  --destination PATH|URL  a service page, e.g. /s3/home or https://console.aws.amazon.com/ec2/
  --print                 print the sign-in URL (a secret for 15 minutes) instead of opening it
  --browser-command CMD   program that opens the URL (also STS_BRIDGE_BROWSER)
  -p, --profile NAME / -r, --role ROLE / --account / -d, --duration / --bridge-url  as for credential-process`;

export async function consoleCmd(argv: string[]): Promise<number> {
  const p = parse(argv, { ...TARGET, destination: { type: 'string' }, print: { type: 'boolean' }, 'browser-command': { type: 'string' } }, HELP);
  if (!p) return 0;
  const t = await resolveTarget(p.values);
  const session = requireSession(t.bridgeUrl);
  const dest = str(p.values, 'destination');
  const { url } = await callBridge<{ url: string }>(t.bridgeUrl, '/api/native/console', {
    token: session.token, body: { role_arn: t.roleArn, ...(t.durationSec ? { duration_seconds: t.durationSec } : {}), ...(dest ? { destination: dest } : {}) },
  });
  if (p.values.print) process.stdout.write(`${url}\n`);
  else {
    openUrl(url, str(p.values, 'browser-command') ?? process.env.STS_BRIDGE_BROWSER);
    process.stderr.write(`Opened the AWS console for ${t.roleArn}.\n`);
  }
  return 0;
}
