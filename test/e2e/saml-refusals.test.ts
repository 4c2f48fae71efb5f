// Refusals at the bridge's SAML login endpoint: each one a clear error, an
// audit event, no crash, and no session.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueSamlResponse } from '../../src/devidp/saml/issue.js';
import { HttpClient } from '../helpers/http.js';
import { parseForm } from '../helpers/html-form.js';
import { submitForm } from '../helpers/login.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

/** Starts a login at the bridge and returns the AuthnRequest ID it registered. */
async function startLogin(client: HttpClient): Promise<string> {
  const hop = await client.request(`${stack.bridgeUrl}/login/dev-saml`);
  const req = new URL(hop.headers.get('location')!).searchParams.get('SAMLRequest')!;
  return /ID="([^"]+)"/.exec(inflateRawSync(Buffer.from(req, 'base64')).toString('utf8'))![1]!;
}

/** A response signed with the dev IdP's real key, for a pending request shaped by the test. */
function forged(requestId: string, over: { spEntityId?: string; acsUrl?: string; groups?: string[] } = {}): string {
  const key = { keyPem: readFileSync(join(stack.certsDir, 'dev-saml-idp.key'), 'utf8'), certPem: stack.devIdp!.saml.certPem };
  const user = { ...stack.devIdp!.users.find((u) => u.username === 'bob')!, ...(over.groups ? { groups: over.groups } : {}) };
  return issueSamlResponse({
    idpEntityId: stack.devIdp!.saml.entityId, key, subjectKey: Buffer.alloc(32, 1), user, now: Date.now(),
    pending: { spEntityId: over.spEntityId ?? `${stack.bridgeUrl}/saml/sp`, acsUrl: over.acsUrl ?? `${stack.bridgeUrl}/saml/acs/dev-saml`, requestId, exp: Date.now() + 60_000 },
  }).base64;
}

async function post(client: HttpClient, samlResponse: string) {
  return client.request(`${stack.bridgeUrl}/saml/acs/dev-saml`, { form: { SAMLResponse: samlResponse } });
}

const refusedSignIn = (reason: string) => stack.audit.filter((e) => e.event === 'sign_in' && e.outcome === 'failure' && e.reason === reason);

describe('SAML ACS refusals', () => {
  it('accepts a correctly forged-by-the-test response (control: the harness itself works)', async () => {
    const client = new HttpClient();
    const r = await post(client, forged(await startLogin(client)));
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/roles');
  });

  it('refuses a tampered assertion (group changed after signing)', async () => {
    const client = new HttpClient();
    const before = refusedSignIn('invalid_saml_response').length;
    const xml = Buffer.from(forged(await startLogin(client)), 'base64').toString('utf8').replace('>aws-readonly<', '>aws-admins<');
    const r = await post(client, Buffer.from(xml).toString('base64'));
    expect(r.status).toBe(401);
    expect(r.body).toContain('Sign-in failed');
    expect(r.body).not.toMatch(/at \w+ \(|node_modules/);
    expect(refusedSignIn('invalid_saml_response').length).toBe(before + 1);
    expect((await client.request(`${stack.bridgeUrl}/roles`)).status).toBe(401);
  });

  it('refuses an assertion for another audience', async () => {
    const client = new HttpClient();
    const r = await post(client, forged(await startLogin(client), { spEntityId: 'https://other-sp.example/saml' }));
    expect(r.status).toBe(401);
    expect(refusedSignIn('invalid_saml_response').some((e) => /audience/i.test(String(e.detail)))).toBe(true);
  });

  it('refuses a response addressed to another endpoint (Recipient and Destination)', async () => {
    const client = new HttpClient();
    const r = await post(client, forged(await startLogin(client), { acsUrl: 'https://other-sp.example/acs' }));
    expect(r.status).toBe(401);
    expect(refusedSignIn('invalid_saml_response').some((e) => /Recipient|Destination/.test(String(e.detail)))).toBe(true);
  });

  it('refuses the same response posted twice', async () => {
    const client = new HttpClient();
    const loginForm = await client.follow(`${stack.bridgeUrl}/login/dev-saml`);
    const autoPost = await submitForm(client, loginForm, { username: 'bob', password: 'bob-dev-password' });
    const form = parseForm(autoPost.body, autoPost.url);
    expect((await post(client, form.fields.SAMLResponse!)).status).toBe(303);
    const again = await post(new HttpClient(), form.fields.SAMLResponse!);
    expect(again.status).toBe(401);
  });

  it('refuses garbage with a clear 401, not a crash', async () => {
    const r = await post(new HttpClient(), 'not base64 at all <xml>');
    expect(r.status).toBe(401);
  });
});
