// Web identity paths against the local STS: a bridge-minted token pinned to
// one role (its trust policy from config/trust-policies/bridge-web-identity.json),
// the same token carried to another role (refused by that pinned policy), and
// the upstream ID token passed through as it is.
import { createServer } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { parse as parseYaml, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realIdToken } from '../helpers/id-token.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { fillTemplate } from '../helpers/trust-template.js';

const freePort = () => new Promise<number>((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
const A = 'arn:aws:iam::111111111111:role/';
let stack: TestStack;
let aliceToken: string;
let bobSub: string;
let bobToken: string;

beforeAll(async () => {
  const [port, idpPort] = [await freePort(), await freePort()];
  const issuer = `http://localhost:${port}/web-identity`;
  const host = issuer.replace('http://', '');
  const upstream = `http://localhost:${idpPort}/oidc`;
  stack = await startTestStack((raw) => {
    raw.port = port;
    raw.publicBaseUrl = `http://localhost:${port}`;
    raw.embedded.idpPort = idpPort;
    raw.webIdentity = { enabled: true };
    const model = parseYaml(readFileSync('config/local-aws.yaml', 'utf8'));
    const minted = (name: string) => ({ name, trustPolicy: { document: fillTemplate('config/trust-policies/bridge-web-identity.json', { Partition: 'aws', AccountId: '111111111111', IssuerHost: host, RoleArn: `${A}${name}` }) } });
    model.accounts[0].oidcProviders = [{ url: issuer, clientIds: ['sts-bridge'] }, { url: upstream, clientIds: ['sts-bridge-mobile'] }];
    model.accounts[0].roles.push(minted('WebDev'), minted('WebAdmin'));
    raw.embedded.stsModelFile = join(raw.certsDir, 'model.yaml');
    raw.rulesFile = join(raw.certsDir, 'rules.yaml');
    writeFileSync(raw.embedded.stsModelFile, stringify(model));
    const rules = parseYaml(readFileSync('config/rules.yaml', 'utf8'));
    rules.session = { tags: [{ key: 'Email', claim: 'email', transitive: true }] };
    rules.rules.push(
      { id: 'web', when: { group: 'aws-admins' }, grant: [{ role: `${A}WebDev` }, { role: `${A}WebAdmin` }] },
      { id: 'web-ro', when: { group: 'aws-readonly' }, grant: [{ role: `${A}WebDev` }, { role: `${A}Passthrough` }] },
    );
    writeFileSync(raw.rulesFile, stringify(rules));
    (globalThis as Record<string, unknown>).__model = { model, file: raw.embedded.stsModelFile };
  });
  aliceToken = await realIdToken(stack.devIdp!.oidcIssuer, 'alice');
  bobToken = await realIdToken(stack.devIdp!.oidcIssuer, 'bob');
  bobSub = String(decodeJwt(bobToken).sub);
  // The pass-through role pins the upstream issuer's aud and bob's sub: added once bob's sub is known.
  const m = (globalThis as Record<string, any>).__model;
  m.model.accounts[0].roles.push({ name: 'Passthrough', trustPolicy: { document: fillTemplate('config/trust-policies/upstream-web-identity.json', { Partition: 'aws', AccountId: '111111111111', IssuerHost: upstream.replace('http://', ''), ClientId: 'sts-bridge-mobile', Subject: bobSub }) } });
  writeFileSync(m.file, stringify(m.model));
  const { loadModel } = await import('../../src/sts/model.js');
  Object.assign(stack.localAws!.model, loadModel(m.file, { certDir: stack.certsDir }));
});
afterAll(async () => { await stack?.stop(); });

async function call(body: Record<string, unknown>) {
  const res = await fetch(`${stack.bridgeUrl}/api/v1/web-identity/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('the bridge as an OIDC issuer', () => {
  it('publishes discovery and a JWKS with RS256 keys', async () => {
    const d = (await (await fetch(`${stack.bridgeUrl}/web-identity/.well-known/openid-configuration`)).json()) as Record<string, any>;
    expect(d.issuer).toBe(`${stack.bridgeUrl}/web-identity`);
    const jwks = (await (await fetch(d.jwks_uri)).json()) as { keys: Array<Record<string, string>> };
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(jwks.keys[0]!.d).toBeUndefined();
  });
});

describe('bridge-minted web identity', () => {
  it('mints a token pinned to the chosen role; the local STS accepts it', async () => {
    const r = await call({ id_token: aliceToken, role_arn: `${A}WebDev` });
    expect(r.status).toBe(200);
    expect(r.json.assumed_role_arn).toBe('arn:aws:sts::111111111111:assumed-role/WebDev/alice@example.com');
  });

  it('a token minted for one role, carried to another, is refused by the pinned trust policy', async () => {
    const { mintRoleToken } = await import('../../src/webidentity/issuer.js');
    const { IssuerKeys } = await import('../../src/webidentity/keys.js');
    const keys = await IssuerKeys.open(join(stack.certsDir, 'web-identity-keys.json'), Date.now());
    const id = { idp: 'dev-oidc', issuer: 'x', subject: 'alice', groups: [], claims: {}, authTime: 0 };
    const token = await mintRoleToken(keys, { issuer: `${stack.bridgeUrl}/web-identity`, identity: id, roleArn: `${A}WebDev`, tags: [], nowSec: Math.floor(Date.now() / 1000) });
    const { STSClient, AssumeRoleWithWebIdentityCommand } = await import('@aws-sdk/client-sts');
    const sts = new STSClient({ region: 'us-east-1', endpoint: stack.awsUrl, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    const ok = await sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `${A}WebDev`, WebIdentityToken: token, RoleSessionName: 'alice' }));
    expect(ok.AssumedRoleUser?.Arn).toContain('WebDev');
    await expect(sts.send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `${A}WebAdmin`, WebIdentityToken: token, RoleSessionName: 'alice' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    sts.destroy();
  });

  it('a role the rules do not grant: refused by the bridge before STS', async () => {
    const r = await call({ id_token: bobToken, role_arn: `${A}WebAdmin` });
    expect(r.json.error).toBe('role_not_granted');
  });
});

describe('upstream ID token pass-through', () => {
  it('the upstream token goes to AssumeRoleWithWebIdentity as it is; the trust policy pins aud and sub', async () => {
    const r = await call({ id_token: bobToken, role_arn: `${A}Passthrough`, mode: 'pass-through' });
    expect(r.status).toBe(200);
    expect(r.json.assumed_role_arn).toBe('arn:aws:sts::111111111111:assumed-role/Passthrough/bob@example.com');
  });
});
