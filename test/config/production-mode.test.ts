// Production mode refuses everything development-only, and a bad config names
// the field and stops the process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { testConfig } from '../helpers/stack.js';

function codeOf(fn: () => unknown): { code?: string; message?: string } {
  try { fn(); return {}; } catch (e) { return e as { code?: string; message?: string }; }
}

describe('configuration validation', () => {
  it('refuses to start in production with demo users and the embedded IdPs and STS (real process)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, STS_BRIDGE_MODE: 'production', PORT: '0' }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('configuration problem, not starting');
    expect(r.stderr).toMatch(/embedded: .*demo users/);
    expect(r.stderr).toContain('publicBaseUrl');
    expect(r.stderr).toContain('idps.1.clientSecret');
    expect(r.stdout).not.toContain('is running');
  });

  it('lists every production problem at once, each with its field', () => {
    const raw = testConfig((c) => { c.mode = 'production'; c.publicBaseUrl = 'http://bridge.example.com'; c.idps[0].insecureAllowSha1 = true; });
    const e = codeOf(() => parseConfig(raw, 'bridge.yaml'));
    expect(e.code).toBe('config_invalid');
    for (const field of ['publicBaseUrl: must be https', 'embedded:', 'signing:', 'session.secretFile', 'aws.stsEndpoint', 'idps.0', 'idps.0.insecureAllowSha1', 'idps.1.issuer']) {
      expect(e.message).toContain(`bridge.yaml: ${field}`);
    }
  });

  it('refuses plain-http STS and federation endpoints and trustProxy: true in production', () => {
    const raw = testConfig((c) => { c.mode = 'production'; c.aws.stsEndpoint = 'http://sts.internal'; c.aws.federationEndpoint = 'http://signin.internal/federation'; c.trustProxy = true; });
    const e = codeOf(() => parseConfig(raw, 'bridge.yaml'));
    for (const field of ['aws.stsEndpoint: must be https', 'aws.federationEndpoint: must be https', 'trustProxy:']) expect(e.message).toContain(`bridge.yaml: ${field}`);
    const saml = codeOf(() => parseConfig(testConfig((c) => { c.mode = 'production'; Object.assign(c.idps[0], { entryPoint: 'http://idp.example.com/sso', idpIssuer: 'urn:idp', idpCertFiles: ['config/rules.yaml'] }); }), 'bridge.yaml'));
    expect(saml.message).toContain('bridge.yaml: idps.0.entryPoint: plain-http');
    const hops = codeOf(() => parseConfig(testConfig((c) => { c.mode = 'production'; c.trustProxy = 1; }), 'bridge.yaml'));
    expect(hops.message).not.toContain('trustProxy');
  });

  it('refuses development mode on a public URL (demo users and generated keys stay on loopback)', () => {
    const e = codeOf(() => parseConfig(testConfig((c) => { c.publicBaseUrl = 'https://aws.example.com'; }), 'bridge.yaml'));
    expect(e.code).toBe('config_invalid');
    expect(e.message).toContain('bridge.yaml: mode: development mode is for loopback only');
    expect(codeOf(() => parseConfig(testConfig((c) => { c.publicBaseUrl = 'http://127.0.0.1:3000'; }), 'bridge.yaml')).code).toBeUndefined();
  });

  it('reads the files the config names during validation, so every problem shows at once', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const dir = mkdtempSync(join(tmpdir(), 'stsb-prod-'));
    writeFileSync(join(dir, 'weak.key'), generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    writeFileSync(join(dir, 'short-secret'), 'too-short');
    const raw = testConfig((c) => {
      c.mode = 'production'; c.publicBaseUrl = 'https://aws.example.com'; delete c.embedded;
      c.signing = { keyFile: join(dir, 'weak.key'), certFile: join(dir, 'missing.crt') };
      c.session = { secretFile: join(dir, 'short-secret') };
      c.idps = [{ id: 'corp', type: 'oidc', displayName: 'Corp', issuer: 'https://idp.example.com', clientId: 'bridge', clientSecretFile: join(dir, 'nope'), insecureTrustUnverifiedEmail: true }];
      c.aws = { region: 'us-east-1' };
    });
    const e = codeOf(() => parseConfig(raw, 'bridge.yaml'));
    expect(e.message).toContain('bridge.yaml: signing: ');
    expect(e.message).toContain('bridge.yaml: session.secretFile: ');
    expect(e.message).toMatch(/bridge\.yaml: idps\.0: .*cannot read/);
    expect(e.message).toContain('bridge.yaml: idps.0.insecureTrustUnverifiedEmail: insecure switch');
  });

  it('names the field of a schema error', () => {
    const e = codeOf(() => parseConfig(testConfig((c) => { c.port = 'three thousand'; c.idps[1].type = 'kerberos'; }), 'bridge.yaml'));
    expect(e.code).toBe('config_invalid');
    expect(e.message).toContain('bridge.yaml: port:');
    expect(e.message).toContain('bridge.yaml: idps.1');
  });

  it('stops the real process on a bad file with the field named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stsb-cfg-'));
    writeFileSync(join(dir, 'bad.yaml'), 'mode: staging\nidps: []\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, STS_BRIDGE_CONFIG: join(dir, 'bad.yaml') }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'bad.yaml')}: mode:`);
    expect(r.stderr).toContain(`${join(dir, 'bad.yaml')}: idps:`);
  });
});
