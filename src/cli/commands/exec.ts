// `sts-bridge exec -- CMD`: runs a command with the role's credentials in its
// environment, and exits with the command's own exit code.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { parse, TARGET } from '../args.js';
import { getCredentials } from '../credentials.js';
import { usage } from '../errors.js';
import { credentialEnv } from '../output.js';
import { resolveTarget } from '../target.js';

export const HELP = `Usage: sts-bridge exec (--profile NAME | --role ROLE) [options] -- COMMAND [ARGS...]

Runs COMMAND with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_CREDENTIAL_EXPIRATION and AWS_REGION set; exits with COMMAND's exit code.
  -p, --profile NAME / -r, --role ROLE / --account / -d, --duration / --bridge-url / --refresh
                       as for credential-process`;

export async function exec(argv: string[]): Promise<number> {
  const p = parse(argv, { ...TARGET, refresh: { type: 'boolean' } }, HELP, true);
  if (!p) return 0;
  const [cmd, ...args] = p.positionals;
  if (!cmd) throw usage(`No command given.\n\n${HELP}`);
  const t = await resolveTarget(p.values);
  const c = await getCredentials({ bridgeUrl: t.bridgeUrl, roleArn: t.roleArn, ...(t.durationSec ? { durationSec: t.durationSec } : {}) }, { force: p.values.refresh === true });
  // A profile in the environment would make the SDKs look past these credentials.
  const { AWS_PROFILE: _p, AWS_DEFAULT_PROFILE: _d, ...env } = process.env;
  const child = spawn(cmd, args, { stdio: 'inherit', env: { ...env, ...credentialEnv(c, t.region ?? c.Region) } });
  const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
  process.on('SIGINT', forward('SIGINT')).on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolve) => {
    child.on('error', (e) => { process.stderr.write(`sts-bridge: cannot run ${cmd}: ${e.message}\n`); resolve(127); });
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}
