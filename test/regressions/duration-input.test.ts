// Regression (review 2, item 5): duration 0 was silently the default on the browser and CLI routes but refused on /api/v1; now every route refuses non-integers and values < 900.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliSession } from '../../src/native/cli-session.js';
import { durationInput } from '../../src/web/inputs.js';
import { realIdToken } from '../helpers/id-token.js';
import { inputValues, signIn } from '../helpers/login.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const RO = 'arn:aws:iam::111111111111:role/ReadOnly';
let stack: TestStack;
beforeAll(async () => { stack = await startTestStack((raw) => { raw.rateLimit = { perIp: 1000, perUser: 1000 }; raw.webIdentity = { enabled: true }; }); });
afterAll(async () => { await stack?.stop(); });

const postJson = async (path: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const res = await fetch(`${stack.bridgeUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, error: ((await res.json()) as { error?: string }).error };
};

describe('duration inputs', () => {
  it('one reader: absent is the default, else an integer of at least 900', () => {
    expect(durationInput(undefined)).toBeUndefined();
    expect(durationInput('')).toBeUndefined();
    expect(durationInput('900')).toBe(900);
    expect(durationInput(3600)).toBe(3600);
    for (const bad of [0, '0', 899, 1.5, '1e3x', null, true, [], 'abc']) expect(() => durationInput(bad)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });

  it('the browser form refuses duration 0', async () => {
    const { client, page } = await signIn(stack.bridgeUrl, 'dev-saml', 'bob');
    const csrf = inputValues(page.body, 'csrf')[0]!;
    for (const path of ['/credentials', '/console']) {
      const r = await client.request(`${stack.bridgeUrl}${path}`, { form: { csrf, role: RO, duration: '0' } });
      expect(r.status).toBe(400);
      expect(r.body).not.toContain('AccessKeyId');
    }
  });

  it('the CLI API refuses duration_seconds 0', async () => {
    const now = Date.now();
    const identity = { idp: 'dev-saml', issuer: 'dev', subject: 'bob', username: 'bob', email: 'bob@example.com', groups: ['aws-readonly'], claims: {}, authTime: Math.floor(now / 1000) };
    const { token } = await createCliSession(stack.context.store, { identity, issuedAt: now, expiresAt: now + 3_600_000, grant: 'device' }, now);
    for (const path of ['/api/native/credentials', '/api/native/console']) {
      expect(await postJson(path, { role_arn: RO, duration_seconds: 0 }, { authorization: `Bearer ${token}` })).toEqual({ status: 400, error: 'invalid_request' });
    }
  });

  it('token exchange and web identity refuse duration_seconds 0 and 899', async () => {
    const id = await realIdToken(stack.devIdp!.oidcIssuer, 'bob');
    for (const d of [0, 899]) {
      expect(await postJson('/api/v1/credentials', { id_token: id, role_arn: RO, duration_seconds: d })).toEqual({ status: 400, error: 'invalid_request' });
      expect(await postJson('/api/v1/web-identity/credentials', { id_token: id, role_arn: RO, duration_seconds: d })).toEqual({ status: 400, error: 'invalid_request' });
    }
  });
});
