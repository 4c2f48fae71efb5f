// Runs in every test worker: routes the pino logger and a copy of every audit
// event to per-process files, and records each secret the suite issues or
// uses (credentials, SAML responses, ID tokens, passwords) as it crosses fetch.
// test/leak/global.ts scans the files for those secrets when the run ends.
import { appendFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { inject } from 'vitest';
import { setAuditTap } from '../../src/audit.js';
import { REDACT_PATHS, setLogger } from '../../src/log.js';

const dir = inject('leakDir' as never) as unknown as string | undefined;

const PATTERNS = [
  /"SecretAccessKey":\s*"([^"]+)"/g, /"SessionToken":\s*"([^"]+)"/g, /"id_token":\s*"([^"]+)"/g,
  /AWS_SECRET_ACCESS_KEY=(?:'|&#39;)([^'&]+)/g, /AWS_SESSION_TOKEN=(?:'|&#39;)([^'&]+)/g,
  /name="SAMLResponse" value="([^"]+)"/g, /&quot;SecretAccessKey&quot;: &quot;([^&]+)&quot;/g, /&quot;SessionToken&quot;: &quot;([^&]+)&quot;/g,
];

function record(values: string[]): void {
  if (!dir || values.length === 0) return;
  appendFileSync(join(dir, `secrets-${process.pid}.txt`), values.join('\n') + '\n');
}

/** A SAML response counts as its base64 and as each SignatureValue inside it. */
function expand(v: string): string[] {
  if (!/^[A-Za-z0-9+/=\s]{200,}$/.test(v)) return [v];
  const xml = Buffer.from(v, 'base64').toString('utf8');
  return [v.replace(/\s/g, ''), ...[...xml.matchAll(/SignatureValue>([^<]+)</g)].map((m) => m[1]!.replace(/\s/g, ''))];
}

function fromText(text: string): string[] {
  return PATTERNS.flatMap((re) => [...text.matchAll(re)].map((m) => m[1]!)).flatMap(expand);
}

function fromBody(body: unknown): string[] {
  if (typeof body !== 'string') return [];
  const out = fromText(body);
  if (!body.startsWith('{')) {
    const form = new URLSearchParams(body);
    for (const k of ['SAMLResponse', 'password', 'id_token']) { const v = form.get(k); if (v) out.push(...expand(v)); }
  }
  return out;
}

function staticSecrets(): string[] {
  const out = [...readFileSync('config/demo-users.yaml', 'utf8').matchAll(/password:\s*(\S+)/g)].map((m) => m[1]!);
  out.push(...[...readFileSync('config/bridge.yaml', 'utf8').matchAll(/clientSecret:\s*(\S+)/g)].map((m) => m[1]!));
  if (existsSync('certs')) {
    for (const f of readdirSync('certs').filter((n) => n.endsWith('.key'))) {
      out.push(...readFileSync(join('certs', f), 'utf8').split('\n').filter((l) => l.length === 64));
    }
  }
  return out;
}

if (dir) {
  setLogger(pino({ level: 'debug', redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'sts-bridge' } },
    pino.destination({ dest: join(dir, `log-${process.pid}.jsonl`), sync: true, append: true })));
  setAuditTap((line) => appendFileSync(join(dir, `audit-${process.pid}.jsonl`), JSON.stringify(line) + '\n'));
  record(staticSecrets());
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input, init) => {
    record(fromBody(init?.body));
    const res = await realFetch(input, init);
    const type = res.headers.get('content-type') ?? '';
    if (/json|html|xml|text/.test(type)) record(fromText(await res.clone().text()));
    return res;
  };
}
