// `sts-bridge serve`: a local container-credentials endpoint, the contract the
// AWS SDKs read from AWS_CONTAINER_CREDENTIALS_FULL_URI with
// AWS_CONTAINER_AUTHORIZATION_TOKEN. Credentials stay fresh for as long as the
// CLI session lives, so a long job outlives any one set of credentials.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse, str, TARGET } from '../args.js';
import { getCredentials, type CachedCredentials } from '../credentials.js';
import { CliError, usage } from '../errors.js';
import { writeFileAtomic } from '../files.js';
import { resolveTarget } from '../target.js';

export const HELP = `Usage: sts-bridge serve (--profile NAME | --role ROLE) [options]

Serves the role's credentials at http://HOST:PORT/credentials until stopped,
refreshing them 5 minutes before they expire. Prints
AWS_CONTAINER_CREDENTIALS_FULL_URI=…; the authorization token is a secret,
so it goes to --token-file (0600) or, only on --print-env, to stdout.
  --port N            listen port (default 0: any free port)
  --host HOST         127.0.0.1 (default), localhost or 169.254.170.2: the only
                      plain-http hosts the SDKs accept
  --token-file PATH   write AWS_CONTAINER_AUTHORIZATION_TOKEN's value here (0600)
  --print-env         print both variables as shell exports
  -p, --profile NAME / -r, --role ROLE / --account / -d, --duration / --bridge-url  as for credential-process`;

const HOSTS = new Set(['127.0.0.1', 'localhost', '169.254.170.2']);

export async function serve(argv: string[]): Promise<number> {
  const p = parse(argv, { ...TARGET, port: { type: 'string' }, host: { type: 'string' }, 'token-file': { type: 'string' }, 'print-env': { type: 'boolean' } }, HELP);
  if (!p) return 0;
  const host = str(p.values, 'host') ?? '127.0.0.1';
  const port = Number(str(p.values, 'port') ?? 0);
  if (!HOSTS.has(host)) throw usage('--host must be 127.0.0.1, localhost or 169.254.170.2.');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw usage('--port must be a port number.');
  const t = await resolveTarget(p.values);
  const role = { bridgeUrl: t.bridgeUrl, roleArn: t.roleArn, ...(t.durationSec ? { durationSec: t.durationSec } : {}) };
  await getCredentials(role); // fail now, not at the first SDK call, when signed out

  const token = randomBytes(32).toString('base64url');
  const want = Buffer.from(token);
  let inFlight: Promise<CachedCredentials> | undefined;
  const current = () => (inFlight ??= getCredentials(role).finally(() => { inFlight = undefined; }));
  const server = createServer((req, res) => {
    const got = Buffer.from(req.headers.authorization ?? '');
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
    if (got.length !== want.length || !timingSafeEqual(got, want)) { json(401, { code: 'unauthorized', message: 'Missing or wrong authorization token.' }); return; }
    if (req.method !== 'GET' || new URL(req.url ?? '/', 'http://x').pathname !== '/credentials') { json(404, { code: 'not_found', message: 'Use GET /credentials.' }); return; }
    current().then(
      (c) => json(200, { AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, Token: c.SessionToken, Expiration: c.Expiration, RoleArn: c.RoleArn }),
      (e: unknown) => json(e instanceof CliError && e.exitCode === 2 ? 401 : 502, { code: e instanceof CliError ? e.code ?? 'error' : 'error', message: (e as Error).message }),
    );
  });
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(port, host, resolve); });
  const uri = `http://${host}:${(server.address() as AddressInfo).port}/credentials`;
  const tokenFile = str(p.values, 'token-file');
  if (tokenFile) writeFileAtomic(tokenFile, token, 0o600);
  if (p.values['print-env']) process.stdout.write(`export AWS_CONTAINER_CREDENTIALS_FULL_URI='${uri}'\nexport AWS_CONTAINER_AUTHORIZATION_TOKEN='${token}'\n`);
  else process.stdout.write(`AWS_CONTAINER_CREDENTIALS_FULL_URI=${uri}\n`);
  process.stderr.write(`Serving credentials for ${t.roleArn} at ${uri} (Ctrl-C to stop).\n`);
  return new Promise((resolve) => {
    const stop = () => { server.closeAllConnections(); server.close(() => resolve(0)); };
    process.once('SIGINT', stop).once('SIGTERM', stop);
  });
}
