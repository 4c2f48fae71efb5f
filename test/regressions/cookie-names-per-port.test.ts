// Regression (second newcomer pass, finding 1): two copies of the bridge on
// different localhost ports signed each other out in one browser, because
// browsers share cookies across the ports of a host. Plain-http development
// now names cookies per port; over TLS the session cookie is __Host- prefixed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cookieNames } from '../../src/web/cookie-names.js';
import { HttpClient } from '../helpers/http.js';
import { signIn } from '../helpers/login.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let a: TestStack;
let b: TestStack;
beforeAll(async () => { [a, b] = await Promise.all([startTestStack(), startTestStack()]); });
afterAll(async () => { await a?.stop(); await b?.stop(); });

it('one browser stays signed in to two copies on different ports', async () => {
  const browser = new HttpClient();
  await signIn(a.bridgeUrl, 'dev-oidc', 'alice', browser);
  await signIn(b.bridgeUrl, 'dev-saml', 'bob', browser);
  const onA = await browser.request(`${a.bridgeUrl}/roles`);
  const onB = await browser.request(`${b.bridgeUrl}/roles`);
  expect(onA.body).toContain('Signed in as <b>alice</b>');
  expect(onB.body).toContain('Signed in as <b>bob</b>');
});

it('names cookies per port on http and with secure prefixes on https', () => {
  expect(cookieNames('http://localhost:3000')).toEqual({ session: 'stsb-3000.sid', samlLogin: 'stsb-3000.saml', returnTo: 'stsb-3000.return' });
  expect(cookieNames('https://aws.example.com').session).toBe('__Host-stsb.sid');
});
