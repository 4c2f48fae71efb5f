// Regression (second newcomer pass, finding 2): two first starts at once from
// a fresh checkout could die on EEXIST or leave a key and a certificate that
// do not belong together. Four real processes now race for the same files.
import { spawn } from 'node:child_process';
import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = `
const { ensureDevKeyPair } = await import(${JSON.stringify(resolve('src/keys/certs.ts'))});
const { ensureDevSecrets } = await import(${JSON.stringify(resolve('src/devidp/secrets.ts'))});
const kp = await ensureDevKeyPair(process.argv[1], 'race', 'race');
const s = await ensureDevSecrets(process.argv[1]);
process.stdout.write(JSON.stringify({ cert: kp.certPem, kid: s.jwks.keys[0].kid, generated: kp.generated }));
`;

function run(dir: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = ''; let err = '';
    p.stdout.on('data', (d) => { out += d; });
    p.stderr.on('data', (d) => { err += d; });
    p.on('close', (code) => done({ code, out, err }));
  });
}

describe('first start in several processes at once', () => {
  it('every process succeeds and all use one matching key pair and one set of secrets', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stsb-race-'));
    const results = await Promise.all([run(dir), run(dir), run(dir), run(dir)]);
    for (const r of results) expect(r.code, r.err.slice(-500)).toBe(0);
    const seen = results.map((r) => JSON.parse(r.out.slice(r.out.indexOf('{'))) as { cert: string; kid: string; generated: boolean });
    expect(new Set(seen.map((s) => s.cert)).size).toBe(1);
    expect(new Set(seen.map((s) => s.kid)).size).toBe(1);
    expect(seen.filter((s) => s.generated).length).toBe(1);
    const key = createPublicKey(readFileSync(join(dir, 'race.key'), 'utf8')).export({ type: 'spki', format: 'der' });
    expect(new X509Certificate(readFileSync(join(dir, 'race.crt'), 'utf8')).publicKey.export({ type: 'spki', format: 'der' }).equals(key)).toBe(true);
  });
});
