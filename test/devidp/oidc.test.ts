// The dev OIDC provider driven end to end: openid-client v6 as the RP, our
// cookie-jar client as the browser, jose verifying the ID token against JWKS.
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../helpers/http.ts';
import { CLIENT, REDIRECT, browserLogin, codeFlow, rp } from './oidc-flow.ts';
import { startIdp, type RunningIdp } from './server.ts';

let run: RunningIdp;
beforeAll(async () => {
  run = await startIdp({ oidcClients: [CLIENT, { client_id: 'mobile', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' }] });
});
afterAll(async () => run?.stop());

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
    const config = await rp(run.idp.oidcIssuer);
    const { tokens, login } = await codeFlow(config, 'alice', 'alice-dev-password');
    const jwks = createRemoteJWKSet(new URL(`${run.idp.oidcIssuer}/jwks`));
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwks, { issuer: run.idp.oidcIssuer, audience: 'bridge' });
    expect(protectedHeader.alg).toBe('RS256');
    expect(payload).toMatchObject({
      email: 'alice@example.com', name: 'Alice Admin', preferred_username: 'alice', groups: ['aws-admins', 'aws-dev'], nonce: login.nonce,
    });
    expect(payload.sub).not.toBe('alice');
    expect(payload.sub).toMatch(/^[\w-]{20,}$/);
    expect(tokens.claims()?.sub).toBe(payload.sub);
  });

  it('sets non-Secure, HttpOnly, SameSite=Lax, prefixed cookies over plain http', async () => {
    const { first, browser } = await codeFlow(await rp(run.idp.oidcIssuer), 'bob', 'bob-dev-password').then((r) => r.login);
    const cookies = first.headers.getSetCookie();
    const names = cookies.map((c) => c.split('=')[0]);
    expect(names).toEqual(expect.arrayContaining(['devidp_oidc_interaction', 'devidp_oidc_resume']));
    for (const c of cookies) {
      expect(c).not.toMatch(/;\s*secure(;|$)/i);
      expect(c.toLowerCase()).toMatch(/samesite=lax/);
      expect(c.toLowerCase()).toContain('httponly');
    }
    expect(browser.jar.names()).toEqual(expect.arrayContaining(['devidp_oidc_session', 'devidp_oidc_session.sig']));
  });

  it('reuses the session: a second authorization needs no password', async () => {
    const config = await rp(run.idp.oidcIssuer);
    const { login } = await codeFlow(config, 'carol', 'carol-dev-password');
    const verifier = oidc.randomPKCECodeVerifier();
    const again = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT, scope: 'openid email', state: 's2', code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    });
    const hop = await login.browser.follow(again.href, {}, (l) => l.startsWith(REDIRECT));
    expect(hop.location).toMatch(/[?&]code=/);
  });

  it('serves a public client (token_endpoint_auth_method none) with PKCE', async () => {
    const config = await oidc.discovery(new URL(run.idp.oidcIssuer), 'mobile', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    const { tokens } = await codeFlow(config, 'dave', 'dave-dev-password');
    expect(tokens.claims()).toMatchObject({ aud: 'mobile', groups: ['AWS-222222222222-Auditor'] });
  });

  it('refuses a wrong password with 401 and shows the form again without the password', async () => {
    const { done } = await browserLogin(await rp(run.idp.oidcIssuer), 'alice', 'not-the-password');
    expect(done.status).toBe(401);
    expect(done.body).toContain('Wrong username or password');
    expect(done.body).not.toContain('not-the-password');
    expect(done.location).toBeUndefined();
  });

  it('rejects an authorization request without PKCE', async () => {
    const url = oidc.buildAuthorizationUrl(await rp(run.idp.oidcIssuer), { redirect_uri: REDIRECT, scope: 'openid', state: 's' });
    const hop = await new HttpClient().follow(url.href, {}, (l) => l.startsWith(REDIRECT));
    expect(hop.location).toContain('error=invalid_request');
  });
});
