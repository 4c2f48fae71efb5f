// Web-layer defences: CSRF on every state change, a new session at sign-in,
// cookie attributes (Secure behind a TLS proxy when trusted), logout, maximum
// authentication age per role, OIDC state/PKCE, rate limits, headers, body caps.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { cookieNames } from '../../src/web/cookie-names.js';
import { safeReturnTo } from '../../src/web/return-to.js';
import { parseForm } from '../helpers/html-form.js';
import { HttpClient } from '../helpers/http.js';
import { inputValues, signIn } from '../helpers/login.js';
import { expectRefused } from '../helpers/refusal.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let offsetMs = 0;
beforeAll(async () => {
  stack = await startTestStack((raw) => {
    raw.trustProxy = true;
    raw.rateLimit = { perIp: 1000, perUser: 1000 };
    const rules = parseYaml(readFileSync(raw.rulesFile ?? 'config/rules.yaml', 'utf8')) as { rules: Array<Record<string, unknown>> };
    rules.rules.find((r) => r.id === 'admins')!.maxAuthAgeSec = 300;
    raw.rulesFile = join(raw.certsDir, 'rules.yaml');
    writeFileSync(raw.rulesFile, stringify(rules));
  }, () => Date.now() + offsetMs);
});
afterAll(async () => { await stack?.stop(); });

const ADMIN = 'arn:aws:iam::111111111111:role/Admin';
const DEV = 'arn:aws:iam::111111111111:role/Developer';
const sid = (c: HttpClient, url: string) => new RegExp(`${cookieNames(url).session}=([^;]+)`).exec(c.jar.header(url))?.[1];

describe('CSRF and logout', () => {
  it.each(['/credentials', '/console', '/logout'])('POST %s without the form token is refused', async (path) => {
    const { client } = await signIn(stack.bridgeUrl, 'dev-saml', 'alice');
    const r = await client.request(`${stack.bridgeUrl}${path}`, { form: { role: DEV, csrf: 'forged' } });
    expectRefused(stack.audit, r, { status: 403, code: 'csrf_failed' });
  });
  it('logout ends the session', async () => {
    const { client, page } = await signIn(stack.bridgeUrl, 'dev-saml', 'alice');
    const csrf = inputValues(page.body, 'csrf')[0]!;
    expect((await client.request(`${stack.bridgeUrl}/logout`, { form: { csrf } })).status).toBe(303);
    expectRefused(stack.audit, await client.request(`${stack.bridgeUrl}/roles`), { status: 401, code: 'login_required' });
  });
});

describe('sessions and cookies', () => {
  it('sign-in starts a new session (no fixation)', async () => {
    const client = new HttpClient();
    const login = await client.follow(`${stack.bridgeUrl}/login/dev-oidc`);
    const before = sid(client, stack.bridgeUrl);
    expect(before).toBeDefined();
    await signIn(stack.bridgeUrl, 'dev-oidc', 'alice', client).catch(() => login);
    const after = sid(client, stack.bridgeUrl);
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });
  it('the session cookie is HttpOnly, SameSite=Lax, bounded, and Secure behind a TLS proxy that says so', async () => {
    const r = await new HttpClient().request(`${stack.bridgeUrl}/login/dev-oidc`, { headers: { 'x-forwarded-proto': 'https' } });
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith(`${cookieNames(stack.bridgeUrl).session}=`))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Secure/i);
    const expires = Date.parse(/Expires=([^;]+)/i.exec(cookie)![1]!);
    expect(expires - Date.now()).toBeLessThanOrEqual(stack.context.config.session.maxAgeSec * 1000 + 5000);
  });
});

describe('maximum authentication age per role', () => {
  it('a privileged role asks for a fresh sign-in; others still work until then', async () => {
    const { client, page } = await signIn(stack.bridgeUrl, 'dev-saml', 'alice');
    const csrf = inputValues(page.body, 'csrf')[0]!;
    offsetMs = 600_000;
    try {
      expect((await client.request(`${stack.bridgeUrl}/credentials`, { form: { csrf, role: DEV, duration: '900' } })).status).toBe(200);
      const r = await client.request(`${stack.bridgeUrl}/credentials`, { form: { csrf, role: ADMIN, duration: '900' } });
      const e = expectRefused(stack.audit, r, { status: 401, code: 'login_required', reason: 'reauthentication' });
      expect(e.user).toBeDefined();
      expectRefused(stack.audit, await client.request(`${stack.bridgeUrl}/roles`), { status: 401, code: 'login_required' });
      // The next sign-in asks the IdP to authenticate again instead of reusing its session.
      const again = await client.request(`${stack.bridgeUrl}/login/dev-saml`);
      const request = inflateRawSync(Buffer.from(new URL(again.headers.get('location')!).searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
      expect(request).toContain('ForceAuthn="true"');
    } finally { offsetMs = 0; }
  });

  it('an OIDC sign-in after the refusal carries prompt=login; a normal one does not', async () => {
    const { client, page } = await signIn(stack.bridgeUrl, 'dev-oidc', 'alice');
    const csrf = inputValues(page.body, 'csrf')[0]!;
    const normal = new URL((await new HttpClient().request(`${stack.bridgeUrl}/login/dev-oidc`)).headers.get('location')!);
    expect(normal.searchParams.get('prompt')).toBeNull();
    offsetMs = 600_000;
    try {
      expect((await client.request(`${stack.bridgeUrl}/credentials`, { form: { csrf, role: ADMIN, duration: '900' } })).status).toBe(401);
    } finally { offsetMs = 0; }
    const fresh = new URL((await client.request(`${stack.bridgeUrl}/login/dev-oidc`)).headers.get('location')!);
    expect(fresh.searchParams.get('prompt')).toBe('login');
    // After the fresh sign-in the privileged role works again.
    const after = await signIn(stack.bridgeUrl, 'dev-oidc', 'alice', client);
    const csrf2 = inputValues(after.page.body, 'csrf')[0]!;
    expect((await client.request(`${stack.bridgeUrl}/credentials`, { form: { csrf: csrf2, role: ADMIN, duration: '900' } })).status).toBe(200);
  });
});

describe('OIDC code flow: PKCE, state, nonce', () => {
  async function toCallback(client: HttpClient): Promise<string> {
    const loginForm = await client.follow(`${stack.bridgeUrl}/login/dev-oidc`);
    const form = parseForm(loginForm.body, loginForm.url);
    const done = await client.follow(form.action, { form: { ...form.fields, username: 'alice', password: 'alice-dev-password' } }, (l) => l.includes('/oidc/callback/'));
    return done.location!;
  }
  it('the authorization request carries S256 PKCE, state and nonce', async () => {
    const r = await new HttpClient().request(`${stack.bridgeUrl}/login/dev-oidc`);
    const q = new URL(r.headers.get('location')!).searchParams;
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toBeTruthy();
    expect(q.get('state')).toBeTruthy();
    expect(q.get('nonce')).toBeTruthy();
  });
  it('a callback with another state is refused, and a used callback cannot be replayed', async () => {
    const client = new HttpClient();
    const cb = await toCallback(client);
    const forged = new URL(cb); forged.searchParams.set('state', 'forged-state');
    expectRefused(stack.audit, await client.request(forged.href), { status: 401, code: 'invalid_token' });
    const ok = await client.request(cb);
    expect([303, 401]).toContain(ok.status);
    expectRefused(stack.audit, await client.request(cb), { status: 401, code: 'invalid_token' });
  });
  it('a callback in a browser that did not start the login is refused', async () => {
    const cb = await toCallback(new HttpClient());
    expectRefused(stack.audit, await new HttpClient().request(cb), { status: 401, code: 'invalid_token' });
  });
});

describe('headers, body limits, redirects', () => {
  it('sends a strict Content-Security-Policy and the helmet headers', async () => {
    const r = await fetch(`${stack.bridgeUrl}/`);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('x-powered-by')).toBeNull();
  });
  it('refuses an oversized JSON body with 413', async () => {
    const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: 'x'.repeat(100_000) }) });
    expectRefused(stack.audit, { status: res.status, headers: res.headers, body: await res.text() }, { status: 413, code: 'invalid_request' });
  });
  it.each(['https://evil.example/', '//evil.example/native/x', '/\\evil.example', '/native/../\\x', 'javascript:alert(1)', '/roles'])('return URL %s is not allowed', (u) => {
    expect(safeReturnTo(u)).toBeUndefined();
  });
});

describe('rate limits', () => {
  let small: TestStack;
  beforeAll(async () => { small = await startTestStack((raw) => { raw.rateLimit = { windowSec: 60, perIp: 3, perUser: 2 }; }); });
  afterAll(async () => { await small?.stop(); });
  it.each([
    ['login', (s: TestStack) => fetch(`${s.bridgeUrl}/login/dev-saml`, { redirect: 'manual' })],
    ['ACS', (s: TestStack) => fetch(`${s.bridgeUrl}/saml/acs/dev-saml`, { method: 'POST', body: new URLSearchParams({ SAMLResponse: 'x' }) })],
    ['callback', (s: TestStack) => fetch(`${s.bridgeUrl}/oidc/callback/dev-oidc?code=x&state=y`)],
    ['token exchange', (s: TestStack) => fetch(`${s.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })],
  ])('%s: 429 with Retry-After once the per-IP limit is spent', async (_n, hit) => {
    for (let i = 0; i < 3; i += 1) expect((await hit(small)).status).not.toBe(429);
    const res = await hit(small);
    expectRefused(small.audit, { status: res.status, headers: res.headers, body: await res.text() }, { status: 429, code: 'rate_limited' });
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
