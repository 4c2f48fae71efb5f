// Regression (review findings 7, 8): a SAML response for a login started in
// another browser was accepted (login CSRF, request IDs are in a shared store);
// and an IdP that pretty-prints NameID could not sign in at all.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SigningKey } from '../../src/devidp/saml/sign.js';
import { cookieNames } from '../../src/web/cookie-names.js';
import { HttpClient } from '../helpers/http.js';
import { b64, forgeResponse, type ForgeArgs } from '../helpers/saml-forge.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let idpKey: SigningKey;
beforeAll(async () => {
  stack = await startTestStack((raw) => { raw.rateLimit = { perIp: 1000, perUser: 1000 }; });
  idpKey = { keyPem: readFileSync(join(stack.certsDir, 'dev-saml-idp.key'), 'utf8'), certPem: stack.devIdp!.saml.certPem };
});
afterAll(async () => { await stack?.stop(); });

async function startLogin(client: HttpClient): Promise<string> {
  const hop = await client.request(`${stack.bridgeUrl}/login/dev-saml`);
  const req = new URL(hop.headers.get('location')!).searchParams.get('SAMLRequest')!;
  return /ID="([^"]+)"/.exec(inflateRawSync(Buffer.from(req, 'base64')).toString('utf8'))![1]!;
}
const args = (id: string, over: Partial<ForgeArgs> = {}): ForgeArgs => ({
  idpEntityId: stack.devIdp!.saml.entityId, spEntityId: `${stack.bridgeUrl}/saml/sp`, acsUrl: `${stack.bridgeUrl}/saml/acs/dev-saml`,
  now: Date.now(), nameId: 'bob-subject', groups: ['aws-readonly'], inResponseTo: id, ...over,
});
const post = (client: HttpClient, xml: string) => client.request(`${stack.bridgeUrl}/saml/acs/dev-saml`, { form: { SAMLResponse: b64(xml) } });

describe('SAML login is bound to the browser that started it', () => {
  it('refuses a response for a login started in another browser', async () => {
    const attacker = new HttpClient();
    const id = await startLogin(attacker);
    const victim = new HttpClient();
    const r = await post(victim, forgeResponse(idpKey, args(id)));
    expect(r.status).toBe(401);
    expect((await victim.request(`${stack.bridgeUrl}/roles`)).status).toBe(401);
    // Worded as an interrupted sign-in (the victim's view), not as a forged signature.
    expect(r.body).toContain('This sign-in expired or was started elsewhere');
    expect(stack.audit.some((e) => e.correlationId === r.headers.get('x-request-id') && String(e.detail).startsWith('in_response_to:'))).toBe(true);
  });

  it('accepts it in the browser that started the login (control), and sets the cookie HttpOnly', async () => {
    const client = new HttpClient();
    const hop = await client.request(`${stack.bridgeUrl}/login/dev-saml`);
    expect(hop.headers.getSetCookie().find((c) => c.startsWith(`${cookieNames(stack.bridgeUrl).samlLogin}=`))).toMatch(/HttpOnly/i);
    const id = /ID="([^"]+)"/.exec(inflateRawSync(Buffer.from(new URL(hop.headers.get('location')!).searchParams.get('SAMLRequest')!, 'base64')).toString('utf8'))![1]!;
    expect((await post(client, forgeResponse(idpKey, args(id)))).status).toBe(303);
  });
});

describe('pretty-printed NameID', () => {
  it('signs in with the trimmed value', async () => {
    const client = new HttpClient();
    const id = await startLogin(client);
    const xml = forgeResponse(idpKey, { ...args(id), editAssertion: (a) => a.replace(/(<saml:NameID[^>]*>)bob-subject</, '$1\n      bob-subject\n    <') });
    const r = await post(client, xml);
    expect(r.status).toBe(303);
    expect(stack.audit.some((e) => e.event === 'sign_in' && e.outcome === 'success' && e.subject === 'bob-subject')).toBe(true);
  });
});
