// Regression (review 2, item 3): one OIDC IdP down at start-up stopped the whole bridge (discovery threw config_invalid in resolveIdps).
// Discovery is now lazy: the bridge starts, other IdPs work, that IdP answers
// 502 idp_unavailable, and once it answers (retried every discoveryRetrySec) it works without a restart.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { devProviderKey, realIdToken, signToken } from '../helpers/id-token.js';
import { signIn } from '../helpers/login.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const freePort = () => new Promise<number>((resolve) => { const s = createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); }); });
const ADMIN = 'arn:aws:iam::111111111111:role/Admin';
let stack: TestStack;
let port: number;
let issuer: string;
let late: Server | undefined;

beforeAll(async () => {
  port = await freePort();
  issuer = `http://127.0.0.1:${port}/oidc`;
  stack = await startTestStack((raw) => {
    raw.rateLimit = { perIp: 1000, perUser: 1000 };
    raw.idps.push({
      id: 'down-oidc', type: 'oidc', displayName: 'An IdP that is down', issuer, clientId: 'sts-bridge', clientSecret: 'down-secret',
      scopes: ['openid', 'email', 'profile', 'groups'], discoveryRetrySec: 1,
      claims: { groups: 'groups', email: 'email', username: 'preferred_username', name: 'name' },
    });
  });
});
afterAll(async () => {
  await stack?.stop();
  await new Promise<void>((r) => (late ? late.close(() => r()) : r()));
});

const exchange = async (token: string) => {
  const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: token, role_arn: ADMIN }) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
};
/** An ID token as the down IdP would issue it (signed with the dev provider's key, which its JWKS will publish). */
const downToken = async () => {
  const now = Math.floor(Date.now() / 1000);
  return signToken({ iss: issuer, aud: 'sts-bridge', sub: 'alice-at-down', iat: now, exp: now + 300, email: 'alice@example.com', email_verified: true, preferred_username: 'alice', groups: ['aws-admins'] }, await devProviderKey(stack.certsDir));
};

it('the bridge starts; SAML and the other OIDC IdP keep working', async () => {
  const { page } = await signIn(stack.bridgeUrl, 'dev-saml', 'alice');
  expect(page.body).toContain('role/Admin');
  const ok = await exchange(await realIdToken(stack.devIdp!.oidcIssuer, 'alice'));
  expect(ok.status).toBe(200);
});

it('sign-in and token exchange with the down IdP answer 502 idp_unavailable', async () => {
  const login = await fetch(`${stack.bridgeUrl}/login/down-oidc`, { redirect: 'manual' });
  expect(login.status).toBe(502);
  expect(await login.text()).toContain('Sign-in provider unavailable');
  expect(stack.audit.some((e) => e.reason === 'idp_unavailable' && e.path === '/login/down-oidc')).toBe(true);
  const r = await exchange(await downToken());
  expect(r.status).toBe(502);
  expect(r.json.error).toBe('idp_unavailable');
});

it('recovers without a restart once the IdP answers', async () => {
  // The IdP comes up: its discovery document is the dev provider's under its own issuer.
  const doc = (await (await fetch(`${stack.devIdp!.oidcIssuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
  late = createHttpServer((req, res) => {
    if (req.url === '/oidc/.well-known/openid-configuration') res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...doc, issuer }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => late!.listen(port, '127.0.0.1', () => r()));
  await new Promise((r) => setTimeout(r, 1100));
  const login = await fetch(`${stack.bridgeUrl}/login/down-oidc`, { redirect: 'manual' });
  expect([302, 303]).toContain(login.status);
  expect(login.headers.get('location')).toContain(String(doc.authorization_endpoint));
  const r = await exchange(await downToken());
  expect(r.status).toBe(200);
  expect(r.json.credentials.AccessKeyId).toBeTruthy();
});

it('tries discovery again at most every retrySec', async () => {
  const { LazyOidcProvider } = await import('../../src/connectors/oidc-lazy.js');
  let now = 0;
  let calls = 0;
  const p = new LazyOidcProvider({ idpId: 'x', retrySec: 30, clock: () => now, discover: async () => { calls++; throw new Error('down'); } });
  await expect(p.get()).rejects.toMatchObject({ code: 'idp_unavailable' });
  now = 29_000;
  await expect(p.get()).rejects.toMatchObject({ code: 'idp_unavailable' });
  expect(calls).toBe(1);
  now = 30_000;
  await expect(p.get()).rejects.toMatchObject({ code: 'idp_unavailable' });
  expect(calls).toBe(2);
});
