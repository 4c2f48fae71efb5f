// Regression (newcomer finding 8): when the rules' maximum for a role capped
// the duration asked for, the user was not told (only AWS refusals were).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realIdToken } from '../helpers/id-token.js';
import { inputValues, signIn } from '../helpers/login.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const ADMIN = 'arn:aws:iam::111111111111:role/Admin';
let stack: TestStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

describe('a duration capped by the rules is explained', () => {
  it('in the API', async () => {
    const token = await realIdToken(stack.devIdp!.oidcIssuer, 'alice');
    const r = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: token, role_arn: ADMIN, duration_seconds: 43200 }) });
    const body = (await r.json()) as Record<string, unknown>;
    expect(r.status).toBe(200);
    expect(body.duration_seconds).toBe(3600);
    expect(body.region).toBe('us-east-1');
    expect(body.duration_note).toBe('You asked for 12 hours; this role allows at most 1 hour here, so the session lasts 1 hour.');
  });

  it('on the credentials page, and not when nothing was capped', async () => {
    const { client, page } = await signIn(stack.bridgeUrl, 'dev-saml', 'alice');
    const csrf = inputValues(page.body, 'csrf')[0]!;
    const capped = await client.request(`${stack.bridgeUrl}/credentials`, { form: { csrf, role: ADMIN, duration: '43200' } });
    expect(capped.body).toContain('id="duration-note"');
    expect(capped.body).toContain('valid for 1 hour');
    const plain = await client.request(`${stack.bridgeUrl}/credentials`, { form: { csrf, role: ADMIN, duration: '900' } });
    expect(plain.body).not.toContain('id="duration-note"');
    expect(plain.body).toContain('valid for 15 minutes');
  });
});
