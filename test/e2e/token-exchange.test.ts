// The mobile path: an ID token from the configured OIDC provider in, AWS
// credentials out as JSON; every refusal an OAuth-style error.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devProviderKey, realIdToken, signToken, strangerKey } from '../helpers/id-token.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let aliceToken: string;
beforeAll(async () => {
  stack = await startTestStack();
  aliceToken = await realIdToken(stack.devIdp!.oidcIssuer, 'alice');
});
afterAll(async () => { await stack?.stop(); });

async function exchange(body: Record<string, unknown>) {
  const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, any> };
}

const now = () => Math.floor(Date.now() / 1000);

describe('token exchange API', () => {
  it('returns the list to choose from when several roles are granted and none asked for', async () => {
    const r = await exchange({ id_token: aliceToken });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('role_choice_required');
    expect(r.json.roles).toContain('arn:aws:iam::111111111111:role/Admin');
  });

  it('exchanges a real ID token for credentials that work with the SDK', async () => {
    const r = await exchange({ id_token: aliceToken, role_arn: 'arn:aws:iam::111111111111:role/Admin', duration_seconds: 900 });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toContain('no-store');
    expect(r.json.assumed_role_arn).toBe('arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com');
    const c = r.json.credentials;
    const sts = new STSClient({ region: 'us-east-1', endpoint: stack.awsUrl, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(me.Arn).toBe('arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com');
  });

  it('refuses a role the rules do not grant, whatever the request asks', async () => {
    const r = await exchange({ id_token: aliceToken, role_arn: 'arn:aws:iam::222222222222:role/Auditor' });
    expect(r.status).toBe(403);
    expect(r.json.error).toBe('role_not_granted');
    expect(stack.audit.some((e) => e.reason === 'role_not_granted' && e.role === 'arn:aws:iam::222222222222:role/Auditor')).toBe(true);
  });

  it('refuses a token from an unknown issuer', async () => {
    const t = await signToken({ iss: 'https://evil.example', sub: 'x', aud: 'sts-bridge', iat: now(), exp: now() + 300, groups: ['aws-admins'] }, await strangerKey());
    const r = await exchange({ id_token: t });
    expect(r.status).toBe(401);
    expect(r.json.error).toBe('invalid_token');
  });

  it('refuses a token signed by a key the provider does not publish', async () => {
    const t = await signToken({ iss: stack.devIdp!.oidcIssuer, sub: 'x', aud: 'sts-bridge', iat: now(), exp: now() + 300, groups: ['aws-admins'] }, { ...(await strangerKey()), kid: (await devProviderKey(stack.certsDir)).kid });
    expect((await exchange({ id_token: t })).json.error).toBe('invalid_token');
  });

  it('refuses a token for another audience', async () => {
    const t = await signToken({ iss: stack.devIdp!.oidcIssuer, sub: 'x', aud: 'someone-else', iat: now(), exp: now() + 300, groups: ['aws-admins'] }, await devProviderKey(stack.certsDir));
    const r = await exchange({ id_token: t });
    expect(r.status).toBe(401);
    expect(r.json.error).toBe('invalid_token');
  });

  it('refuses an expired token', async () => {
    const t = await signToken({ iss: stack.devIdp!.oidcIssuer, sub: 'x', aud: 'sts-bridge', iat: now() - 7200, exp: now() - 3600, groups: ['aws-admins'] }, await devProviderKey(stack.certsDir));
    const r = await exchange({ id_token: t });
    expect(r.status).toBe(401);
    expect(r.json.error).toBe('invalid_token');
    expect(stack.audit.some((e) => e.event === 'token_exchange' && e.outcome === 'failure' && String(e.detail).includes('exp'))).toBe(true);
  });

  it('answers another method with 405 and Allow: POST', async () => {
    const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`);
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('refuses a missing token with invalid_request', async () => {
    const r = await exchange({});
    expect(r.status).toBe(400);
    expect(r.json.error).toBe('invalid_request');
  });

  it('refuses a body that is not JSON with a clear error', async () => {
    const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id_token":' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });
});
