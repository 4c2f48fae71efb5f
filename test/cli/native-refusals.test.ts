// The bridge's native endpoints refuse what they must: non-loopback redirect
// URIs, missing or plain PKCE, a wrong verifier, a reused code, bad user
// codes, fast polling, denial, revoked tokens, and open "return to" paths.
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeReturnTo } from '../../src/web/return-to.js';
import { HttpClient } from '../helpers/http.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { browserSignIn, submitFormTo } from './helpers.js';

let stack: TestStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

const verifier = randomBytes(32).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');
const REDIRECT = 'http://127.0.0.1:9/callback';
const authorize = (p: Record<string, string>) => `${stack.bridgeUrl}/native/authorize?${new URLSearchParams(p)}`;
const token = (body: Record<string, string>) => fetch(`${stack.bridgeUrl}/api/native/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  .then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

describe('loopback authorization', () => {
  it.each([
    ['a non-loopback redirect', { redirect_uri: 'https://evil.example/callback', code_challenge: challenge, code_challenge_method: 'S256', state: 'state-12345' }],
    ['an https loopback look-alike', { redirect_uri: 'http://127.0.0.1.evil.example/cb', code_challenge: challenge, code_challenge_method: 'S256', state: 'state-12345' }],
    ['no PKCE', { redirect_uri: REDIRECT, state: 'state-12345' }],
    ['plain PKCE', { redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'plain', state: 'state-12345' }],
  ])('refuses %s before any sign-in', async (_name, params) => {
    const res = await new HttpClient().request(authorize(params as Record<string, string>));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('issues a one-time code that needs the right verifier and redirect URI', async () => {
    // Posted by hand: the redirect goes to a closed port, so the code is read from Location.
    const again = await browserSignIn(stack.bridgeUrl, authorize({ redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', state: 'state-12345' }));
    expect(again.page.headers.get('content-security-policy')).toContain('form-action http://127.0.0.1:9 ');
    const csrf = /name="csrf" value="([^"]+)"/.exec(again.page.body)![1]!;
    const hop = await again.client.request(`${stack.bridgeUrl}/native/authorize`, { form: { csrf, redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', state: 'state-12345' } });
    const loc = new URL(hop.headers.get('location')!);
    expect(loc.origin + loc.pathname).toBe(REDIRECT);
    expect(loc.searchParams.get('state')).toBe('state-12345');
    const code = loc.searchParams.get('code')!;
    expect((await token({ grant_type: 'authorization_code', code, code_verifier: 'x'.repeat(43), redirect_uri: REDIRECT })).body.error).toBe('invalid_grant');
    // The failed attempt burned the code.
    expect((await token({ grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT })).body.error).toBe('invalid_grant');
  });

  it('says the sts-bridge CLI is asking, with its description when it sent one', async () => {
    const { page } = await browserSignIn(stack.bridgeUrl, authorize({ redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', state: 'state-12345', client_description: 'sts-bridge CLI on laptop-7 (darwin)' }));
    expect(page.body).toContain('approving the <b>sts-bridge command line (CLI)</b> on this computer');
    expect(page.body).toContain('describes itself as <b>sts-bridge CLI on laptop-7 (darwin)</b>');
  });

  it('refuses a post without the CSRF token', async () => {
    const { client } = await browserSignIn(stack.bridgeUrl, authorize({ redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', state: 'state-12345' }));
    const hop = await client.request(`${stack.bridgeUrl}/native/authorize`, { form: { redirect_uri: REDIRECT, code_challenge: challenge, code_challenge_method: 'S256', state: 'state-12345' } });
    expect(hop.status).toBe(403);
  });
});

describe('device authorization', () => {
  const start = async () => (await (await fetch(`${stack.bridgeUrl}/api/native/device`, { method: 'POST' })).json()) as { device_code: string; user_code: string; interval: number };
  const pollOnce = (device_code: string) => token({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code });

  it('answers authorization_pending, then slow_down when polled too fast, and expired_token for unknown codes', async () => {
    const d = await start();
    expect((await pollOnce(d.device_code)).body.error).toBe('authorization_pending');
    const fast = await pollOnce(d.device_code);
    expect(fast.body).toMatchObject({ error: 'slow_down', interval: d.interval + 5 });
    expect((await pollOnce('nope')).body.error).toBe('expired_token');
  });

  it('refuses a bad user code, and reports access_denied after a denial', async () => {
    const d = await start();
    const { client, page } = await browserSignIn(stack.bridgeUrl, `${stack.bridgeUrl}/device`, 'alice');
    const bad = await submitFormTo(client, page, '/device', { user_code: 'BCDF-GHJK', decision: 'approve' });
    expect(bad.status).toBe(400);
    const denied = await submitFormTo(client, page, '/device', { user_code: d.user_code, decision: 'deny' });
    expect(denied.body).toContain('Device denied');
    expect((await pollOnce(d.device_code)).body.error).toBe('access_denied');
    // A user code works once.
    expect((await submitFormTo(client, page, '/device', { user_code: d.user_code, decision: 'approve' })).status).toBe(400);
  });

  it('has one form with one code field and Approve/Deny buttons, so Deny uses the code typed for Approve', async () => {
    const d = await start();
    const { client, page } = await browserSignIn(stack.bridgeUrl, `${stack.bridgeUrl}/device`, 'alice');
    const forms = [...page.body.matchAll(/<form\b[^>]*action="\/device"[^>]*>[\s\S]*?<\/form>/gi)].map((m) => m[0]);
    expect(forms).toHaveLength(1);
    expect(forms[0]!.match(/name="user_code"/g)).toHaveLength(1);
    expect(forms[0]).toMatch(/name="csrf" value="[^"]+"/);
    expect(forms[0]).toContain('<button type="submit" name="decision" value="approve">Approve</button>');
    expect(forms[0]).toMatch(/<button type="submit" name="decision" value="deny"[^>]*>Deny<\/button>/);
    expect(page.body).toContain('approving the <b>sts-bridge command line (CLI)</b> on a device');
    // What a browser sends when the code is typed in the one field and Deny is clicked.
    const csrf = /name="csrf" value="([^"]+)"/.exec(forms[0]!)![1]!;
    const noChoice = await client.request(`${stack.bridgeUrl}/device`, { form: { csrf, user_code: d.user_code } });
    expect(noChoice.status).toBe(400);
    const noCsrf = await client.request(`${stack.bridgeUrl}/device`, { form: { user_code: d.user_code, decision: 'deny' } });
    expect(noCsrf.status).toBe(403);
    const denied = await client.request(`${stack.bridgeUrl}/device`, { form: { csrf, user_code: d.user_code.toLowerCase(), decision: 'deny' } });
    expect(denied.status).toBe(200);
    expect(denied.body).toContain('Device denied');
    expect((await pollOnce(d.device_code)).body.error).toBe('access_denied');
  });

  it('shows the device\'s own description, escaped, one line and labelled as unverified', async () => {
    const res = await fetch(`${stack.bridgeUrl}/api/native/device`, { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_description: `<script>x</script>\u202eevil\n${'y'.repeat(200)}` }) });
    const d = (await res.json()) as { user_code: string };
    const { page } = await browserSignIn(stack.bridgeUrl, `${stack.bridgeUrl}/device?user_code=${d.user_code}`, 'alice');
    expect(page.body).toContain('describes itself as <b>&lt;script&gt;x&lt;/script&gt; evil yyy');
    expect(page.body).toContain('not verified');
    expect(page.body).not.toContain('<script>x');
    expect(page.body).not.toContain('\u202e');
    expect(page.body).not.toContain('y'.repeat(80));
    const plain = await browserSignIn(stack.bridgeUrl, `${stack.bridgeUrl}/device`, 'alice');
    expect(plain.page.body).not.toContain('describes itself');
  });
});

describe('CLI session tokens', () => {
  it('refuses a missing, unknown or revoked token with invalid_token (401)', async () => {
    const roles = (t?: string) => fetch(`${stack.bridgeUrl}/api/native/roles`, { headers: t ? { authorization: `Bearer ${t}` } : {} });
    expect((await roles()).status).toBe(401);
    expect((await roles('stsb_rt_unknown')).status).toBe(401);
    const revoke = await fetch(`${stack.bridgeUrl}/api/native/revoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: 'stsb_rt_unknown' }) });
    expect(revoke.status).toBe(200);
  });

  it('only returns to /native/ and /device paths after sign-in', () => {
    expect(safeReturnTo('/native/authorize?x=1')).toBe('/native/authorize?x=1');
    expect(safeReturnTo('/device?user_code=AB')).toBe('/device?user_code=AB');
    for (const bad of ['//evil.example/native/', 'https://evil.example/native/', '/roles', '/devices', '/native\\..', '/\\evil', 'native/']) expect(safeReturnTo(bad), bad).toBeUndefined();
  });
});
