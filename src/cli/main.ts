// The sts-bridge command line: dispatch to a command, turn every failure into
// a one-line message on stderr and a documented exit code (docs/cli.md).
import { configure } from './commands/configure.js';
import { consoleCmd } from './commands/console.js';
import { credentialProcess } from './commands/credential-process.js';
import { exec } from './commands/exec.js';
import { login } from './commands/login.js';
import { serve } from './commands/serve.js';
import { logout, status } from './commands/session.js';
import { CliError, EXIT } from './errors.js';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; summary: string }> = {
  login: { run: login, summary: 'sign in through the bridge and write credentials for a role' },
  'credential-process': { run: credentialProcess, summary: 'print credential_process JSON (cached, refreshed ahead of expiry)' },
  console: { run: consoleCmd, summary: 'open (or print) an AWS console sign-in URL' },
  serve: { run: serve, summary: 'serve a local container-credentials endpoint' },
  exec: { run: exec, summary: 'run a command with credentials in its environment' },
  configure: { run: configure, summary: 'write ~/.aws/config profiles for every granted role' },
  status: { run: status, summary: 'ask the bridge about the CLI session (exit 2 signed out, 4 unreachable)' },
  logout: { run: logout, summary: 'revoke the CLI session and forget cached credentials' },
};

const HELP = `Usage: sts-bridge COMMAND [options]   (sts-bridge COMMAND --help for each)

${Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(20)}${c.summary}`).join('\n')}

The bridge URL comes from --bridge-url, STS_BRIDGE_URL or ~/.config/sts-bridge/config.json.
Exit codes: 0 ok, 1 usage, 2 needs login, 3 refused, 4 bridge unreachable, 5 timed out, 6 local file error.`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { process.stdout.write(`${HELP}\n`); return name ? 0 : 1; }
  const cmd = COMMANDS[name];
  if (!cmd) { process.stderr.write(`sts-bridge: unknown command "${name}"\n\n${HELP}\n`); return EXIT.usage; }
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`sts-bridge ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`sts-bridge ${name}: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT.local;
  }
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
