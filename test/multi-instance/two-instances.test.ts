// Two bridge processes behind one load balancer, sharing a real Redis: a
// login started on A finishes on B; what A accepted once, B refuses; a
// credential A paid for, B serves without calling STS; Redis holds nothing
// readable.
import { readFileSync, existsSync } from 'node:fs';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../helpers/http.js';
import { parseForm } from '../helpers/html-form.js';
import { devProviderKey, realIdToken, signToken } from '../helpers/id-token.js';
import { cleanup, instanceConfig, layout, spawnBridge, TestBalancer, type ClusterLayout, type Instance } from '../helpers/instances.js';
import { signIn, submitForm } from '../helpers/login.js';
import { deletePrefix, dumpPrefix, freePort, SHARED_REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { Redis } from 'ioredis';

const prefix = uniquePrefix('multi');
const ADMIN = 'arn:aws:iam::111111111111:role/Admin';
let lb: TestBalancer;
let l: ClusterLayout;
let A: Instance;
let B: Instance;

beforeAll(async () => {
  lb = new TestBalancer(await freePort());
  await lb.start();
  l = await layout(lb.url);
  const store = { type: 'redis', redis: { url: SHARED_REDIS_URL, keyPrefix: prefix }, credentialCache: { enabled: true } };
  A = await spawnBridge(l, 'A', instanceConfig(l, 'A', store));
  B = await spawnBridge(l, 'B', instanceConfig(l, 'B', store));
}, 90_000);

afterAll(async () => {
  await Promise.all([A?.stop(), B?.stop()]);
  await lb?.stop();
  await deletePrefix(SHARED_REDIS_URL, prefix);
  if (l) cleanup(l);
});

const path = (req: { url?: string }) => req.url ?? '';
const signInEvents = (i: Instance, outcome: string) => i.audit().filter((e) => e.event === 'sign_in' && e.outcome === outcome);

describe.each([['dev-saml', '/saml/acs/'], ['dev-oidc', '/oidc/callback/']] as const)('a %s login started on A', (idp, callback) => {
  it('finishes on B, and the session works on both', async () => {
    lb.route = (req) => (path(req).startsWith(callback) ? B : A);
    const beforeB = signInEvents(B, 'success').length;
    const { client, page } = await signIn(lb.url, idp, 'alice');
    expect(page.status).toBe(200);
    expect(page.url).toBe(`${lb.url}/roles`);
    expect(signInEvents(B, 'success').length).toBe(beforeB + 1);
    for (const inst of [A, B]) {
      lb.route = () => inst;
      expect((await client.request(`${lb.url}/roles`)).status).toBe(200);
    }
  });
});

/** Runs a SAML login on A up to the IdP's auto-post form; returns the form and its InResponseTo. */
async function samlResponseFromA(): Promise<{ fields: Record<string, string>; requestId: string; client: HttpClient }> {
  lb.route = () => A;
  const client = new HttpClient();
  const login = await client.follow(`${lb.url}/login/dev-saml`);
  const post = await submitForm(client, login, { username: 'bob', password: 'bob-dev-password' });
  const form = parseForm(post.body, post.url);
  const xml = Buffer.from(form.fields.SAMLResponse!, 'base64').toString('utf8');
  return { fields: form.fields, requestId: /InResponseTo="([^"]+)"/.exec(xml)![1]!, client };
}

describe('SAML assertion replay across instances', () => {
  it('refuses on B an assertion already accepted on A (even with its request ID still pending)', async () => {
    const { fields, requestId, client } = await samlResponseFromA();
    const redis = new Redis(SHARED_REDIS_URL);
    const pendingKey = `${prefix}saml-request:dev-saml:${requestId}`;
    const pending = await redis.get(pendingKey);
    expect(pending).not.toBeNull();
    const ok = await client.request(`${A.url}/saml/acs/dev-saml`, { form: fields });
    expect(ok.status).toBe(303);
    // Put the request ID back, as if B had checked it before A consumed it: only the replay cache stands in the way.
    await redis.set(pendingKey, pending!, 'EX', 600);
    redis.disconnect();
    // The same browser (it holds the login's binding cookie), so only the replay cache can refuse.
    const again = await client.request(`${B.url}/saml/acs/dev-saml`, { form: fields });
    expect(again.status).toBe(401);
    expect(signInEvents(B, 'failure').at(-1)?.reason).toBe('replay_detected');
  });

  it('accepts exactly one of the same response posted to A and B at once', async () => {
    const { fields, client } = await samlResponseFromA();
    const results = await Promise.all([A, B].map((i) => client.request(`${i.url}/saml/acs/dev-saml`, { form: fields })));
    expect(results.map((r) => r.status).sort()).toEqual([303, 401]);
  });
});

describe('OIDC state across instances', () => {
  it('a state used on A is refused on B', async () => {
    lb.route = () => A;
    const client = new HttpClient();
    const login = await client.follow(`${lb.url}/login/dev-oidc`);
    const done = await client.follow(parseForm(login.body, login.url).action, { form: { ...parseForm(login.body, login.url).fields, username: 'alice', password: 'alice-dev-password' } }, (loc) => loc.startsWith(`${lb.url}/oidc/callback/`));
    expect(done.location).toContain('state=');
    const preLoginCookie = client.jar.header(lb.url);
    const first = await client.request(done.location!);
    expect(first.status).toBe(303);
    const beforeB = signInEvents(B, 'failure').length;
    // The callback again on B, with the cookie of the session that held the state, then with the new session's.
    for (const cookie of [preLoginCookie, client.jar.header(lb.url)]) {
      const replay = await fetch(done.location!.replace(lb.url, B.url), { headers: { cookie }, redirect: 'manual' });
      expect(replay.status).toBe(401);
    }
    expect(signInEvents(B, 'failure').length).toBe(beforeB + 2);
  });
});

describe('credential cache across instances', () => {
  let token: string;
  let firstKeyId: string;
  let secret: string;
  const exchange = async (inst: Instance, idToken: string) => {
    const res = await fetch(`${inst.url}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: idToken, role_arn: ADMIN, duration_seconds: 1800 }) });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const stsCalls = () => (existsSync(l.trailFile) ? readFileSync(l.trailFile, 'utf8').split('\n').filter((x) => x.includes('"AssumeRoleWithSAML"') && !x.includes('"errorCode"')).length : 0);
  const settle = () => new Promise((r) => setTimeout(r, 300));

  beforeAll(async () => { token = await realIdToken(`${l.idpUrl}/oidc`, 'alice'); });

  it('serves on B what A cached, without a second STS call, and the credential works', async () => {
    const a = await exchange(A, token);
    expect(a.status).toBe(200);
    firstKeyId = a.json.credentials.AccessKeyId;
    secret = a.json.credentials.SecretAccessKey;
    await settle();
    const calls = stsCalls();
    const b = await exchange(B, token);
    expect(b.status).toBe(200);
    expect(b.json.credentials.AccessKeyId).toBe(firstKeyId);
    await settle();
    expect(stsCalls()).toBe(calls);
    expect(B.audit().some((e) => e.event === 'sts_call' && e.cached === true && e.accessKeyId === firstKeyId)).toBe(true);
    expect(B.audit().some((e) => e.event === 'sts_call' && !e.cached && e.accessKeyId === firstKeyId)).toBe(false);
    const c = b.json.credentials;
    const sts = new STSClient({ region: 'us-east-1', endpoint: l.awsUrl, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
    expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe('arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com');
    sts.destroy();
  });

  it('gives nothing from the cache once the user is no longer in the group', async () => {
    const claims = decodeJwt(token);
    const now = Math.floor(Date.now() / 1000);
    const demoted = await signToken({ ...claims, groups: ['aws-readonly'], iat: now, exp: now + 300 }, await devProviderKey(l.certsDir));
    const r = await exchange(B, demoted);
    expect(r.status).toBe(403);
    expect(r.json.error).toBe('role_not_granted');
    expect(JSON.stringify(r.json)).not.toContain(firstKeyId);
  });

  it('leaves no plain-text secret in Redis', async () => {
    const values = await dumpPrefix(SHARED_REDIS_URL, prefix);
    const keys = [...values.keys()].map((k) => k.slice(prefix.length));
    expect(keys.some((k) => k.startsWith('cred:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('sts-session:'))).toBe(true);
    expect(keys.some((k) => k.startsWith('session:'))).toBe(true);
    const everything = [...values.values()].join('\n');
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(secret.slice(0, 16));
    expect(everything).not.toContain('IQoJb3JpZ2luX2VjE'); // session tokens' prefix
    expect(everything).not.toContain(token.split('.')[2]!);
    expect(everything).not.toContain(readFileSync(`${l.certsDir}/session-secret`, 'utf8').trim());
    expect(everything).not.toContain('dev-client-secret-not-for-production');
    for (const [k, v] of values) if (/:(cred|sts-session):/.test(k)) expect(v).toMatch(/^v1\.dev\./);
  });
});
