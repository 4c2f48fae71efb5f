// Local STS throughput: AssumeRoleWithWebIdentity and AssumeRoleWithSAML, each
// beside a floor measured in the same run: a bare node:http server doing only
// the unavoidable crypto (one RS256 JWT check with jose; one XML signature
// check with xml-crypto). Servers run in a child process, the load generator
// (CONCURRENCY keep-alive fetch loops) here. Bounded: REQUESTS per scenario and
// MAX_SECONDS of wall time each; loopback only.
//   npm run bench:sts    (REQUESTS=4000 CONCURRENCY=16 MAX_SECONDS=20)
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { SignJWT, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { makeIdp, samlResponse } from '../test/sts/helpers.js';
import { serve } from './sts-servers.js';

const REQUESTS = Number(process.env.REQUESTS ?? 4000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const MAX_MS = Number(process.env.MAX_SECONDS ?? 20) * 1000;
const A = '111111111111';
const ISS = 'https://oidc.bench.test';

interface Result { name: string; rps: number; p50: number; p99: number; ok: number; errors: number }

/** Writes the model, keys, one JWT and one SAML Response (STS accepts a reused assertion until it expires). */
async function material(): Promise<{ dir: string; webBody: string; samlBody: string }> {
  const idp = await makeIdp();
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  writeFileSync(join(idp.dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }));
  writeFileSync(join(idp.dir, 'jwt-key.pem'), await exportPKCS8(privateKey));
  const provider = `arn:aws:iam::${A}:saml-provider/bench`;
  const trust = (Federated: string, Action: string) => ({ document: { Statement: [{ Effect: 'Allow', Principal: { Federated }, Action }] } });
  writeFileSync(join(idp.dir, 'model.yaml'), JSON.stringify({ accounts: [{ id: A,
    samlProviders: [{ name: 'bench', metadataFile: idp.metadataFile }],
    oidcProviders: [{ url: ISS, clientIds: ['bench'], jwksFile: join(idp.dir, 'jwks.json') }],
    roles: [{ name: 'Web', trustPolicy: trust(`arn:aws:iam::${A}:oidc-provider/oidc.bench.test`, 'sts:AssumeRoleWithWebIdentity') }, { name: 'Saml', trustPolicy: trust(provider, 'sts:AssumeRoleWithSAML') }],
  }] }));
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ sub: 'user-bench', aud: 'bench', iat: now, exp: now + 3600 }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(ISS).sign(privateKey);
  const saml = samlResponse(idp, { roles: [`arn:aws:iam::${A}:role/Saml,${provider}`], notOnOrAfter: Date.now() + 3_600_000 });
  const form = (o: Record<string, string>) => new URLSearchParams({ Version: '2011-06-15', ...o }).toString();
  return {
    dir: idp.dir,
    webBody: form({ Action: 'AssumeRoleWithWebIdentity', RoleArn: `arn:aws:iam::${A}:role/Web`, RoleSessionName: 'bench', WebIdentityToken: token }),
    samlBody: form({ Action: 'AssumeRoleWithSAML', RoleArn: `arn:aws:iam::${A}:role/Saml`, PrincipalArn: provider, SAMLAssertion: saml }),
  };
}

async function startServer(kind: string, dir: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', kind, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => { buf += d.toString(); const m = /"port":(\d+)/.exec(buf); if (m) resolve(Number(m[1])); });
    child.on('exit', (code) => reject(new Error(`${kind} server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, child };
}

async function load(name: string, url: string, body: string): Promise<Result> {
  const call = async (): Promise<number> => {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
    await res.arrayBuffer();
    return res.status;
  };
  for (let i = 0; i < 100; i++) if ((await call()) !== 200) throw new Error(`${name}: warm-up request failed`);
  const latencies: number[] = [];
  let next = 0, errors = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < REQUESTS && performance.now() - t0 < MAX_MS) {
      next++;
      const s = performance.now();
      if ((await call()) !== 200) errors++;
      latencies.push(performance.now() - s);
    }
  }));
  const secs = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!;
  return { name, rps: latencies.length / secs, p50: q(0.5), p99: q(0.99), ok: latencies.length - errors, errors };
}

async function main(): Promise<void> {
  const m = await material();
  const results: Result[] = [];
  for (const [kind, name, body] of [
    ['floor-jwt', 'floor: jose RS256 verify', m.webBody], ['sts', 'STS AssumeRoleWithWebIdentity', m.webBody],
    ['floor-saml', 'floor: xml-crypto signature check', m.samlBody], ['sts', 'STS AssumeRoleWithSAML', m.samlBody],
  ] as const) {
    const s = await startServer(kind, m.dir);
    try { results.push(await load(name, s.url, body)); } finally { s.child.kill('SIGTERM'); }
  }
  const row = (r: Result): string => `${r.name.padEnd(36)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)} ${String(r.ok).padStart(6)} ${String(r.errors).padStart(6)}`;
  console.log(`concurrency ${CONCURRENCY}, up to ${REQUESTS} requests or ${MAX_MS / 1000} s per scenario, loopback keep-alive`);
  console.log(`${'scenario'.padEnd(36)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'ok'.padStart(6)} ${'errors'.padStart(6)}`);
  for (const r of results) console.log(row(r));
  const ratio = (sts: Result, floor: Result): string => `${((sts.rps / floor.rps) * 100).toFixed(0)} %`;
  console.log(`ratio STS/floor: web identity ${ratio(results[1]!, results[0]!)}, SAML ${ratio(results[3]!, results[2]!)} (target ≥ 50 %)`);
  if (results.some((r) => r.errors > 0)) process.exitCode = 1;
}

const i = process.argv.indexOf('--serve');
if (i >= 0) await serve(process.argv[i + 1]!, process.argv[i + 2]!);
else await main();
