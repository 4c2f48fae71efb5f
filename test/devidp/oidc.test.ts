// The dev OIDC provider driven end to end: openid-client v6 as the RP, our
// cookie-jar client as the browser, jose verifying the ID token against JWKS.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForm } from '../helpers/html-form.ts';
import { HttpClient } from '../helpers/http.ts';
import { startIdp, type RunningIdp } from './server.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
let run: RunningIdp;

beforeAll(async () => {
  run = await startIdp({ oidcClients: [{ client_id: 'bridge', client_secret: 'bridge-secret', redirect_uris: [REDIRECT] }] });
});
afterAll(async () => run?.stop());

async function rp(): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(run.idp.oidcIssuer), 'bridge', 'bridge-secret', undefined, { execute: [oidc.allowInsecureRequests] });
}

/** Browser part of the code flow: authorize, log in through the form; returns the callback URL or the failed page. */
async function browserLogin(config: oidc.Configuration, username: string, password: string, nonce: string, verifier: string) {
  const browser = new HttpClient();
  const authUrl = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT, scope: 'openid email profile groups', state: 'st-1', nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const page = await browser.follow(authUrl.href);
  expect(page.status).toBe(200);
  expect(page.body).toContain('development IdP — demo users only');
  const form = parseForm(page.body, page.url);
  const done = await browser.follow(form.action, { form: { ...form.fields, username, password } }, (l) => l.startsWith(REDIRECT));
  return { done, browser };
}

describe('dev OIDC provider', () => {
  it('publishes a discovery document for the issuer', async () => {
    const res = await fetch(`${run.idp.oidcIssuer}/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as Record<string, unknown>;
    expect(doc.issuer).toBe(`${run.url}/oidc`);
    expect(doc.code_challenge_methods_supported).toEqual(['S256']);
    expect(doc.scopes_supported).toEqual(expect.arrayContaining(['openid', 'email', 'profile', 'groups']));
    expect(doc.claims_supported).toEqual(expect.arrayContaining(['groups', 'email', 'preferred_username']));
  });

  it('runs a code flow with PKCE; the ID token verifies and carries the claims', async () => {
    const config = await rp();
    const verifier = oidc.randomPKCECodeVerifier();
    const nonce = oidc.randomNonce();
    const { done } = await browserLogin(config, 'alice', 'alice-dev-password', nonce, verifier);
    expect(done.location).toMatch(/^http:\/\/127\.0\.0\.1:9\/callback\?code=/);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(done.location!), {
      pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: 'st-1',
    });
    const jwks = createRemoteJWKSet(new URL(`${run.idp.oidcIssuer}/jwks`));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwks, { issuer: run.idp.oidcIssuer, audience: 'bridge' });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      email: 'alice@example.com', name: 'Alice Admin', preferred_username: 'alice', groups: ['aws-admins', 'aws-dev'], nonce,
    });
    expect(payload.sub).not.toBe('alice');
    expect(payload.sub).toMatch(/^[\w-]{20,}$/);
    expect(tokens.claims()?.sub).toBe(payload.sub);
  });

  it('refuses a wrong password with 401 and shows the form again without the password', async () => {
    const config = await rp();
    const verifier = oidc.randomPKCECodeVerifier();
    const { done } = await browserLogin(config, 'alice', 'not-the-password', 'n', verifier);
    expect(done.status).toBe(401);
    expect(done.body).toContain('Wrong username or password');
    expect(done.body).not.toContain('not-the-password');
    expect(done.location).toBeUndefined();
  });

  it('rejects an authorization request without PKCE', async () => {
    const config = await rp();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', state: 's' });
    const hop = await new HttpClient().follow(url.href, {}, (l) => l.startsWith(REDIRECT));
    expect(hop.location).toContain('error=invalid_request');
  });
});
