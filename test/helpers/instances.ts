// Several bridge processes behind a test load balancer, sharing one Redis and
// one certs folder. Instance A embeds the dev IdPs and local STS; the others
// reach them by explicit URLs, as a second machine would.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { freePort } from './redis.js';

export interface Instance {
  name: string;
  url: string;
  auditFile: string;
  proc: ChildProcess;
  alive(): boolean;
  audit(): Array<Record<string, any>>;
  stop(): Promise<void>;
}

/** A load balancer whose routing the test sets per request. */
export class TestBalancer {
  route: (req: IncomingMessage) => Instance = () => { throw new Error('no route'); };
  private server: Server | undefined;
  constructor(readonly port: number) {}
  get url(): string { return `http://localhost:${this.port}`; }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const target = new URL(this.route(req).url);
      const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      up.on('error', () => { res.statusCode = 502; res.end('upstream down'); });
      req.pipe(up);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', () => r()));
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server!.close(() => r()));
  }
}

export interface ClusterLayout {
  dir: string;
  certsDir: string;
  publicBaseUrl: string;
  idpUrl: string;
  awsUrl: string;
  trailFile: string;
}

export async function layout(publicBaseUrl: string): Promise<ClusterLayout> {
  const dir = mkdtempSync(join(tmpdir(), 'stsb-multi-'));
  return { dir, certsDir: join(dir, 'certs'), publicBaseUrl, idpUrl: `http://localhost:${await freePort()}`, awsUrl: `http://localhost:${await freePort()}`, trailFile: join(dir, 'sts-trail.jsonl') };
}

/** Config for instance `name`: A (embeds) or any other (points at A's dev services). */
export function instanceConfig(l: ClusterLayout, name: string, store: Record<string, unknown>): Record<string, any> {
  const raw = parseYaml(readFileSync('config/bridge.yaml', 'utf8')) as Record<string, any>;
  raw.publicBaseUrl = l.publicBaseUrl;
  raw.certsDir = l.certsDir;
  raw.auditFile = join(l.dir, `audit-${name}.jsonl`);
  raw.store = store;
  if (name === 'A') {
    raw.embedded = { ...raw.embedded, idpPort: Number(new URL(l.idpUrl).port), awsPort: Number(new URL(l.awsUrl).port), stsTrailFile: l.trailFile };
    return raw;
  }
  delete raw.embedded;
  raw.signing = { keyFile: join(l.certsDir, 'bridge-aws-signing.key'), certFile: join(l.certsDir, 'bridge-aws-signing.crt') };
  raw.session = { secretFile: join(l.certsDir, 'session-secret') };
  raw.aws = { ...raw.aws, stsEndpoint: l.awsUrl, federationEndpoint: `${l.awsUrl}/federation` };
  raw.idps = (raw.idps as Array<Record<string, any>>).map((i) => i.type === 'saml'
    ? { ...i, entryPoint: `${l.idpUrl}/saml/sso`, idpIssuer: `${l.idpUrl}/saml/metadata`, idpCertFiles: [join(l.certsDir, 'dev-saml-idp.crt')] }
    : { ...i, issuer: `${l.idpUrl}/oidc` });
  return raw;
}

/** Starts `node --import tsx src/main.ts` on a free port and waits for /healthz. */
export async function spawnBridge(l: ClusterLayout, name: string, config: Record<string, any>): Promise<Instance> {
  const port = await freePort();
  const configFile = join(l.dir, `bridge-${name}.yaml`);
  writeFileSync(configFile, stringify(config));
  const { REDIS_URL: _drop, ...env } = process.env;
  const logFile = join(l.dir, `bridge-${name}.log`);
  const out = openSync(logFile, 'a');
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...env, PORT: String(port), STS_BRIDGE_CONFIG: configFile, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }, stdio: ['ignore', out, out],
  });
  closeSync(out);
  const stderr = () => readFileSync(logFile, 'utf8').slice(-4000);
  const url = `http://localhost:${port}`;
  const inst: Instance = {
    name, url, auditFile: config.auditFile, proc,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    audit: () => existsSync(config.auditFile) ? readFileSync(config.auditFile, 'utf8').trim().split('\n').filter(Boolean).map((x) => JSON.parse(x)) : [],
    async stop() {
      if (!inst.alive()) return;
      await new Promise<void>((r) => { proc.once('exit', () => r()); proc.kill('SIGTERM'); });
    },
  };
  for (let i = 0; i < 300; i++) {
    if (!inst.alive()) throw new Error(`bridge ${name} exited: ${stderr()}`);
    // Early connections can hang: the listener opens before the app is attached.
    try { if ((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) })).ok) return inst; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  await inst.stop();
  throw new Error(`bridge ${name} did not start: ${stderr()}`);
}

export function cleanup(l: ClusterLayout): void {
  rmSync(l.dir, { recursive: true, force: true });
}
