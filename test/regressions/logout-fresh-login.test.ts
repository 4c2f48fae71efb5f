// Regression (newcomer finding 5): after "Sign out", "Sign in with OIDC"
// went straight back in as the same person through the IdP's own session: on
// a shared machine the next person got the previous one's roles.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inputValues, signIn, submitForm } from '../helpers/login.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

it('the next sign-in after logout asks the IdP for the password again', async () => {
  const { client, page } = await signIn(stack.bridgeUrl, 'dev-oidc', 'alice');
  const csrf = inputValues(page.body, 'csrf')[0]!;
  const before = await client.request(`${stack.bridgeUrl}/login/dev-oidc`);
  expect(new URL(before.headers.get('location')!).searchParams.get('prompt')).toBeNull();
  expect((await client.request(`${stack.bridgeUrl}/logout`, { form: { csrf } })).status).toBe(303);
  expect((await client.request(`${stack.bridgeUrl}/roles`)).status).toBe(401);
  const after = await client.follow(`${stack.bridgeUrl}/login/dev-oidc`);
  // The dev OIDC provider shows its login form instead of signing alice in silently.
  expect(after.body).toContain('name="password"');
  // …and bob can sign in on the same browser.
  let { page: bobPage } = await signIn(stack.bridgeUrl, 'dev-oidc', 'bob', client);
  // oidc-provider ends alice's IdP session first (an auto-posting form a browser submits at once).
  if (bobPage.body.includes('/session/end/confirm')) bobPage = await submitForm(client, bobPage);
  expect(bobPage.body).toContain('Signed in as <b>bob</b>');
});
