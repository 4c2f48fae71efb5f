// AssumeRoleWithWebIdentity with the real SDK: local JWKS file, discovery over
// loopback HTTP (development only), and AWS's refusals.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { startLocalAws, type Running } from './helpers.js';
import { errorOf, sts, whoami } from './sdk.js';

const A = '111111111111';
const ISS = 'https://oidc.test';
let key: CryptoKey;
let other: CryptoKey;
let dir: string;
let idp: Server;
let localIss: string;
let dev: Running;
let prod: Running;

const model = (jwksFile: string, local: string) => JSON.stringify({ accounts: [{ id: A,
  oidcProviders: [{ url: ISS, clientIds: ['sts-bridge'], jwksFile }, { url: local, clientIds: ['sts-bridge'] }],
  roles: [
    { name: 'Web', trustPolicy: { document: { Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/oidc.test` }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession'],
      Condition: { StringEquals: { 'oidc.test:aud': 'sts-bridge' }, StringLike: { 'OIDC.TEST:sub': 'user-*' } } }] } } },
    { name: 'Local', trustPolicy: { document: { Statement: [{ Effect: 'Allow', Principal: { Federated: `arn:aws:iam::${A}:oidc-provider/${local.replace('http://', '')}` }, Action: 'sts:AssumeRoleWithWebIdentity' }] } } },
  ] }] });

async function jwt(claims: Record<string, unknown>, o: { key?: CryptoKey; alg?: string; iss?: string } = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ sub: 'user-alice', aud: 'sts-bridge', iat: now, exp: now + 300, ...claims })
    .setProtectedHeader({ alg: o.alg ?? 'RS256', kid: 'k1' }).setIssuer(o.iss ?? ISS).sign(o.key ?? key);
}
const call = (token: string, role = 'Web', url = dev.url) =>
  sts(url).send(new AssumeRoleWithWebIdentityCommand({ RoleArn: `arn:aws:iam::${A}:role/${role}`, RoleSessionName: 'alice', WebIdentityToken: token }));

beforeAll(async () => {
  ({ privateKey: key } = await generateKeyPair('RS256', { extractable: true }));
  ({ privateKey: other } = await generateKeyPair('RS256', { extractable: true }));
  const pub = await exportJWK(key);
  const jwks = { keys: [{ ...pub, d: undefined, p: undefined, q: undefined, dp: undefined, dq: undefined, qi: undefined, kid: 'k1', alg: 'RS256', use: 'sig' }] };
  dir = mkdtempSync(join(tmpdir(), 'web-identity-'));
  writeFileSync(join(dir, 'jwks.json'), JSON.stringify(jwks));
  idp = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(req.url === '/.well-known/openid-configuration' ? { issuer: localIss, jwks_uri: `${localIss}/jwks` } : jwks));
  });
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  localIss = `http://127.0.0.1:${(idp.address() as { port: number }).port}`;
  writeFileSync(join(dir, 'model.yaml'), model(join(dir, 'jwks.json'), localIss));
  dev = await startLocalAws({ modelFile: join(dir, 'model.yaml') });
  prod = await startLocalAws({ modelFile: join(dir, 'model.yaml'), mode: 'production' });
});
afterAll(async () => { await dev?.stop(); await prod?.stop(); idp?.close(); });

describe('AssumeRoleWithWebIdentity', () => {
  it('issues role credentials for a valid RS256 token', async () => {
    const out = await call(await jwt({ [`https://aws.amazon.com/tags`]: { principal_tags: { Dept: ['eng'] }, transitive_tag_keys: ['Dept'] } }));
    expect(out.SubjectFromWebIdentityToken).toBe('user-alice');
    expect(out.Provider).toBe(ISS);
    expect(out.Audience).toBe('sts-bridge');
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${A}:assumed-role/Web/alice`);
    const c = out.Credentials!;
    expect((await whoami(dev.url, { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! })).Arn).toBe(out.AssumedRoleUser!.Arn);
  });

  // Expiry, audience, issuer, signature and timestamp refusals: test/sts/conformance (both targets).
  it('refuses with AWS codes: trust-policy sub condition, HTTP status, non-RS256', async () => {
    expect(await errorOf(call(await jwt({ sub: 'admin' })))).toBe('AccessDenied/403');
    expect(await errorOf(call(await jwt({ aud: 'someone-else' })))).toBe('InvalidIdentityToken/400');
    expect(await errorOf(call(await jwt({}, { key: other })))).toBe('InvalidIdentityToken/400');
    const ps = (await generateKeyPair('PS256')).privateKey;
    expect(await errorOf(call(await jwt({}, { key: ps, alg: 'PS256' })))).toBe('InvalidIdentityToken/400');
  });

  it('discovers the JWKS of an http issuer in development, refuses it in production', async () => {
    expect(await errorOf(call(await jwt({}, { iss: localIss }), 'Local'))).toBe('ok');
    expect(await errorOf(call(await jwt({}, { iss: localIss }), 'Local', prod.url))).toBe('InvalidIdentityToken/400');
  });
});
