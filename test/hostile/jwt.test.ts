// Hostile ID tokens at the token-exchange API: each refused with 401
// invalid_token (or no role at all), a JSON error, no stack trace, an audit event.
import { createPublicKey, createHmac, type JsonWebKey as NodeJwk } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devProviderKey, signToken, strangerKey } from '../helpers/id-token.js';
import { expectRefused } from '../helpers/refusal.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let key: Awaited<ReturnType<typeof devProviderKey>>;
beforeAll(async () => {
  stack = await startTestStack((raw) => { raw.rateLimit = { perIp: 1000, perUser: 1000 }; });
  key = await devProviderKey(stack.certsDir);
});
afterAll(async () => { await stack?.stop(); });

const now = () => Math.floor(Date.now() / 1000);
const claims = (over: JWTPayload = {}): JWTPayload => ({ iss: stack.devIdp!.oidcIssuer, sub: 'mallory', aud: 'sts-bridge', iat: now(), exp: now() + 300, groups: ['aws-admins'], ...over });
const b64u = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

async function exchange(token: string, role = 'arn:aws:iam::111111111111:role/Admin') {
  const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: token, role_arn: role }) });
  return { status: res.status, headers: res.headers, body: await res.text() };
}
const refused = async (token: string, code = 'invalid_token', status = 401): Promise<void> => { expectRefused(stack.audit, await exchange(token), { status, code }); };

describe('signature and algorithm', () => {
  it('control: a correctly signed token is accepted', async () => {
    expect((await exchange(await signToken(claims(), key))).status).toBe(200);
  });
  it('alg: none', async () => refused(`${b64u({ alg: 'none', typ: 'JWT' })}.${b64u(claims())}.`));
  it('HS256 signed with the provider\'s RSA public key as the secret', async () => {
    const jwk = (JSON.parse(readFileSync(join(stack.certsDir, 'dev-oidc-jwks.json'), 'utf8')) as { keys: NodeJwk[] }).keys[0]!;
    const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
    const input = `${b64u({ alg: 'HS256', kid: key.kid })}.${b64u(claims())}`;
    await refused(`${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`);
  });
  it('an algorithm outside the allowlist (RS384 with the real key)', async () => {
    const jwk = (JSON.parse(readFileSync(join(stack.certsDir, 'dev-oidc-jwks.json'), 'utf8')) as { keys: JWK[] }).keys[0]!;
    await refused(await signToken(claims(), { key: await importJWK(jwk, 'RS384'), kid: key.kid }, { alg: 'RS384' }));
  });
  it('an unknown kid', async () => refused(await signToken(claims(), { ...key, kid: '../../etc/passwd' })));
  it.each(['jwk', 'jku', 'x5u', 'x5c'])('a key offered in the %s header is never trusted', async (h) => {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = await exportJWK(publicKey);
    const value = h === 'jwk' ? jwk : h === 'x5c' ? ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'] : 'https://evil.example/keys';
    await refused(await signToken(claims(), { key: privateKey, kid: key.kid }, { [h]: value }));
  });
  it('a stranger\'s key', async () => refused(await signToken(claims(), await strangerKey())));
  it('an oversized token', async () => refused(await signToken(claims({ pad: 'x'.repeat(25_000) }), key)));
});

describe('claims', () => {
  it.each([
    ['wrong iss', { iss: 'https://evil.example' }],
    ['aud missing', { aud: undefined }],
    ['another audience', { aud: 'someone-else' }],
    ['several audiences without azp', { aud: ['sts-bridge', 'someone-else'] }],
    ['several audiences, azp not ours', { aud: ['sts-bridge', 'someone-else'], azp: 'someone-else' }],
    ['expired', { exp: now() - 600, iat: now() - 1200 }],
    ['nbf in the future', { nbf: now() + 3600 }],
    ['iat in the future', { iat: now() + 3600, exp: now() + 7200 }],
    ['no iat', { iat: undefined }],
  ] as Array<[string, JWTPayload]>)('%s', async (_n, over) => refused(await signToken(claims(over), key)));
});

describe('Unicode look-alikes of granted groups grant nothing', () => {
  it.each([
    ['Cyrillic а', '\u0430ws-admins'],
    ['fullwidth', '\uff41\uff57\uff53-admins'],
    ['upper case', 'AWS-ADMINS'],
    ['trailing space', 'aws-admins '],
    ['zero-width space', 'aws-admins\u200b'],
    ['combining mark', 'aws-admins\u0301'],
  ])('%s', async (_n, group) => {
    const r = await exchange(await signToken(claims({ groups: [group] }), key));
    expectRefused(stack.audit, r, { status: 403, code: 'no_roles_mapped' });
  });
});
