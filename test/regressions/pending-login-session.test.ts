// Regression (review finding 12): every unauthenticated /login/:idp created a
// session living as long as a signed-in one (8 h), so a flood of abandoned
// logins filled the store. A pending login now lives minutes; sign-in starts
// a fresh full-length session.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cookieNames } from '../../src/web/cookie-names.js';
import { HttpClient } from '../helpers/http.js';
import { signIn } from '../helpers/login.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

const expiresIn = (setCookies: string[]) => {
  const c = setCookies.find((x) => x.startsWith(`${cookieNames(stack.bridgeUrl).session}=`))!;
  return Date.parse(/Expires=([^;]+)/i.exec(c)![1]!) - Date.now();
};

it('a pending OIDC login session lasts minutes; the signed-in session gets the full lifetime', async () => {
  const pending = await new HttpClient().request(`${stack.bridgeUrl}/login/dev-oidc`);
  expect(expiresIn(pending.headers.getSetCookie())).toBeLessThanOrEqual(15 * 60_000 + 5000);
  const { client } = await signIn(stack.bridgeUrl, 'dev-oidc', 'bob');
  const roles = await client.request(`${stack.bridgeUrl}/roles`);
  expect(roles.status).toBe(200);
  const sid = new RegExp(`${cookieNames(stack.bridgeUrl).session}=([^;]+)`).exec(client.jar.header(stack.bridgeUrl))![1]!;
  const stored = await stack.context.store.get(`session:${decodeURIComponent(sid).slice(2).split('.')[0]}`);
  expect(JSON.parse(stored!).cookie.originalMaxAge).toBe(stack.context.config.session.maxAgeSec * 1000);
});
