// ID tokens for the token-exchange tests: a real one from the dev OIDC
// provider (code flow with PKCE as a mobile app does it), and forged ones
// signed with the provider's own key or a stranger's.
import { readFileSync } from 'node:fs';
import type { webcrypto } from 'node:crypto';
import { join } from 'node:path';
import * as oidc from 'openid-client';
import { generateKeyPair, importJWK, SignJWT, type JWK, type JWTPayload } from 'jose';
import { parseForm } from './html-form.js';
import { HttpClient } from './http.js';

const MOBILE_CLIENT = 'sts-bridge-mobile';
const REDIRECT = 'http://127.0.0.1/callback';
const PASSWORDS: Record<string, string> = { alice: 'alice-dev-password', bob: 'bob-dev-password', carol: 'carol-dev-password', dave: 'dave-dev-password' };

/** Signs in as `user` through the dev provider's form and returns the ID token. */
export async function realIdToken(issuer: string, user: string): Promise<string> {
  const config = await oidc.discovery(new URL(issuer), MOBILE_CLIENT, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT, scope: 'openid email profile groups', state: 'mobile-state', nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  });
  const browser = new HttpClient();
  const page = await browser.follow(url.href);
  const form = parseForm(page.body, page.url);
  const done = await browser.follow(form.action, { form: { ...form.fields, username: user, password: PASSWORDS[user]! } }, (l) => l.startsWith(REDIRECT));
  if (!done.location) throw new Error(`no redirect back to the app: ${done.status}`);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(done.location), { pkceCodeVerifier: verifier, expectedNonce: nonce, expectedState: 'mobile-state' });
  return tokens.id_token!;
}

/** The dev OIDC provider's private signing key (kept in the stack's certs folder). */
export async function devProviderKey(certsDir: string): Promise<{ key: webcrypto.CryptoKey | Uint8Array; kid: string }> {
  const jwk = (JSON.parse(readFileSync(join(certsDir, 'dev-oidc-jwks.json'), 'utf8')) as { keys: JWK[] }).keys[0]!;
  return { key: await importJWK(jwk, 'RS256'), kid: jwk.kid! };
}

export async function signToken(claims: JWTPayload, key: { key: webcrypto.CryptoKey | Uint8Array; kid: string }, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header }).sign(key.key);
}

export async function strangerKey(): Promise<{ key: webcrypto.CryptoKey; kid: string }> {
  const { privateKey } = await generateKeyPair('RS256');
  return { key: privateKey, kid: 'stranger' };
}
