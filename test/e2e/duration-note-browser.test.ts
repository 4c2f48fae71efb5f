// Issue 5: when AWS refuses the asked duration and the one retry succeeds at
// a lower one, the browser credentials page says so (the API's duration_note).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputValues, signIn } from '../helpers/login.js';
import { editModelAndRules, startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
const SHORT = 'arn:aws:iam::111111111111:role/Short';

beforeAll(async () => {
  stack = await startTestStack((raw) => {
    editModelAndRules(raw, (model, rules) => {
      // The rules allow 12 h; the role itself allows 1 h, so AWS refuses longer asks.
      model.accounts[0].roles.push({ name: 'Short', maxSessionDuration: 3600, trustPolicy: { file: '${trustDir}/bridge-saml.json', providerName: 'sts-bridge' } });
      rules.rules.push({ id: 'test-short', when: { group: 'aws-readonly' }, grant: [{ role: SHORT }] });
    });
  });
});
afterAll(async () => { await stack?.stop(); });

describe('shortened sessions in the browser', () => {
  it('shows the note on the credentials page when AWS allowed less than asked', async () => {
    const { client, page } = await signIn(stack.bridgeUrl, 'dev-saml', 'bob');
    expect(page.body).toContain(SHORT);
    const csrf = inputValues(page.body, 'csrf')[0]!;
    const res = await client.request(`${stack.bridgeUrl}/credentials`, { form: { csrf, role: SHORT, duration: String(4 * 3600) } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('id="duration-note"');
    expect(res.body).toMatch(/4 hours.*1 hour/s);
    expect(res.body).toContain('valid for 1 hour');
  });

  it('shows no note when the asked duration was granted', async () => {
    const { client, page } = await signIn(stack.bridgeUrl, 'dev-saml', 'bob');
    const csrf = inputValues(page.body, 'csrf')[0]!;
    const res = await client.request(`${stack.bridgeUrl}/credentials`, { form: { csrf, role: SHORT, duration: '3600' } });
    expect(res.status).toBe(200);
    expect(res.body).not.toContain('duration-note');
  });
});
