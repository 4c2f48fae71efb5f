// The code flow with PKCE as the tests drive it: openid-client v6 is the RP,
// HttpClient (cookie jar, no JS) is the browser.
import * as oidc from 'openid-client';
import { expect } from 'vitest';
import { parseForm } from '../helpers/html-form.ts';
import { HttpClient, type Hop } from '../helpers/http.ts';

export const REDIRECT = 'http://127.0.0.1:9/callback';
export const CLIENT = { client_id: 'bridge', client_secret: 'bridge-secret', redirect_uris: [REDIRECT] };

export async function rp(issuer: string): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(issuer), CLIENT.client_id, CLIENT.client_secret, undefined, { execute: [oidc.allowInsecureRequests] });
}

export interface BrowserLogin {
  /** The last hop: for success a redirect whose `location` is the RP callback URL. */
  done: Hop & { location?: string };
  /** The authorize hop (its Set-Cookie headers show oidc-provider's cookie attributes). */
  first: Hop;
  browser: HttpClient;
  verifier: string;
  nonce: string;
}

/** Authorize, fill the login form, follow redirects until the RP callback. */
export async function browserLogin(config: oidc.Configuration, username: string, password: string, browser = new HttpClient()): Promise<BrowserLogin> {
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const authUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT, scope: 'openid email profile groups', state: 'st-1', nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const first = await browser.request(authUrl.href);
  const page = await browser.follow(first.headers.get('location') ? new URL(first.headers.get('location')!, first.url).href : authUrl.href);
  expect(page.status).toBe(200);
  expect(page.body).toContain('development IdP — demo users only');
  const form = parseForm(page.body, page.url);
  const done = await browser.follow(form.action, { form: { ...form.fields, username, password } }, (l) => l.startsWith(REDIRECT));
  return { done, first, browser, verifier, nonce };
}

/** Full flow to tokens. */
export async function codeFlow(config: oidc.Configuration, username: string, password: string) {
  const login = await browserLogin(config, username, password);
  expect(login.done.location).toMatch(/^http:\/\/127\.0\.0\.1:9\/callback\?code=/);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(login.done.location!), {
    pkceCodeVerifier: login.verifier, expectedNonce: login.nonce, expectedState: 'st-1',
  });
  return { tokens, login };
}
