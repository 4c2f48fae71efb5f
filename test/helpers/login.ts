// Drives a person's sign-in through the dev IdPs' real forms, as a no-JS
// browser would: bridge → IdP login form → (SAML auto-post) → bridge.
import { HttpClient, type Hop } from './http.js';
import { parseForm } from './html-form.js';

const DEMO_PASSWORDS: Record<string, string> = { alice: 'alice-dev-password', bob: 'bob-dev-password', carol: 'carol-dev-password', dave: 'dave-dev-password' };

/** Submits the first form on a page with some fields changed. */
export async function submitForm(client: HttpClient, page: Hop, fields: Record<string, string> = {}): Promise<Hop> {
  const form = parseForm(page.body, page.url);
  return client.follow(form.action, { method: form.method, form: { ...form.fields, ...fields } });
}

/** Signs in through `/login/<idp>`; returns the bridge's page after sign-in (the role picker). */
export async function signIn(bridgeUrl: string, idp: 'dev-saml' | 'dev-oidc', user: string, client = new HttpClient()): Promise<{ client: HttpClient; page: Hop }> {
  const loginForm = await client.follow(`${bridgeUrl}/login/${idp}`);
  let page = await submitForm(client, loginForm, { username: user, password: DEMO_PASSWORDS[user] ?? 'wrong' });
  // SAML: the IdP answers with an auto-posting form carrying SAMLResponse to the bridge's ACS.
  if (page.body.includes('name="SAMLResponse"')) page = await submitForm(client, page);
  return { client, page };
}

/** The value of the radio/hidden inputs named `name` on a page. */
export function inputValues(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`, 'g'))].map((m) => m[1]!.replace(/&amp;/g, '&'));
}
