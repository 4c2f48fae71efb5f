// Redis stopped in the middle of a run (a private redis-server, never the
// machine's shared one): whatever needs shared state answers a clear 503, the
// process keeps running, nothing unchecked is accepted, and service comes back
// by itself when Redis does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../helpers/http.js';
import { parseForm } from '../helpers/html-form.js';
import { cleanup, instanceConfig, layout, spawnBridge, TestBalancer, type ClusterLayout, type Instance } from '../helpers/instances.js';
import { signIn, submitForm } from '../helpers/login.js';
import { freePort, ThrowawayRedis } from '../helpers/redis.js';

let redis: ThrowawayRedis;
let lb: TestBalancer;
let l: ClusterLayout;
let A: Instance;

beforeAll(async () => {
  redis = new ThrowawayRedis(await freePort());
  await redis.start();
  lb = new TestBalancer(await freePort());
  await lb.start();
  l = await layout(lb.url);
  A = await spawnBridge(l, 'A', instanceConfig(l, 'A', { type: 'redis', redis: { url: redis.url, keyPrefix: 'outage:', commandTimeoutMs: 500 } }));
  lb.route = () => A;
}, 90_000);

afterAll(async () => {
  await A?.stop();
  await lb?.stop();
  await redis?.stop();
  if (l) cleanup(l);
});

describe('Redis outage', () => {
  it('answers 503 while Redis is away, accepts nothing unchecked, and recovers on its own', async () => {
    const { client, page } = await signIn(lb.url, 'dev-saml', 'alice');
    expect(page.status).toBe(200);
    // A SAML response issued before the outage, not yet posted.
    const pending = new HttpClient();
    const login = await pending.follow(`${lb.url}/login/dev-saml`);
    const autoPost = await submitForm(pending, login, { username: 'bob', password: 'bob-dev-password' });
    const form = parseForm(autoPost.body, autoPost.url);

    await redis.stop();
    const roles = await client.request(`${lb.url}/roles`);
    expect(roles.status).toBe(503);
    expect(roles.body).not.toMatch(/at \w+ \(|node_modules|ECONNREFUSED/);
    expect(roles.body).toContain('Temporarily unavailable');
    expect(roles.headers.get('retry-after')).toBe('5');
    const start = await new HttpClient().request(`${lb.url}/login/dev-saml`);
    expect(start.status).toBe(503);
    const acs = await pending.request(form.action, { form: form.fields });
    expect(acs.status).toBe(503);
    expect(A.audit().filter((e) => e.event === 'request_refused' || e.event === 'sign_in').some((e) => e.reason === 'store_unavailable')).toBe(true);
    expect(A.alive()).toBe(true);

    await redis.start();
    let back = 0;
    for (let i = 0; i < 50 && back !== 302; i++) {
      await new Promise((r) => setTimeout(r, 200));
      back = (await new HttpClient().request(`${lb.url}/login/dev-saml`)).status;
    }
    expect(back).toBe(302);
    // The restarted Redis kept nothing (no persistence): a fresh sign-in works end to end.
    const again = await signIn(lb.url, 'dev-oidc', 'alice');
    expect(again.page.status).toBe(200);
    expect(A.alive()).toBe(true);
  });
});
