// What AWS (here the local STS) refuses reaches the user as a clear error with
// AWS's own reason, and leaves an audit event: a trust policy that does not
// name the bridge's provider; a duration above the role's maximum is retried
// once within the limit (issue 5) and the user is told.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realIdToken } from '../helpers/id-token.js';
import { editModelAndRules, startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let bobToken: string;

beforeAll(async () => {
  stack = await startTestStack((raw) => {
    editModelAndRules(raw, (model, rules) => {
      model.accounts[0].roles.push(
        { name: 'Orphan', maxSessionDuration: 3600, trustPolicy: { document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Federated: 'arn:aws:iam::111111111111:saml-provider/someone-else' }, Action: 'sts:AssumeRoleWithSAML' }] } } },
        { name: 'Short', maxSessionDuration: 3600, trustPolicy: { file: '${trustDir}/bridge-saml.json', providerName: 'sts-bridge' } },
      );
      rules.rules.push({ id: 'test-extra', when: { group: 'aws-readonly' }, grant: [{ role: 'arn:aws:iam::111111111111:role/Orphan' }, { role: 'arn:aws:iam::111111111111:role/Short' }] });
    });
  });
  bobToken = await realIdToken(stack.devIdp!.oidcIssuer, 'bob');
});
afterAll(async () => { await stack?.stop(); });

async function exchange(body: Record<string, unknown>) {
  const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: bobToken, ...body }) });
  return { status: res.status, json: (await res.json()) as Record<string, string> };
}

describe('refusals from STS', () => {
  it('a trust policy that does not name the bridge provider: AccessDenied, explained', async () => {
    const r = await exchange({ role_arn: 'arn:aws:iam::111111111111:role/Orphan' });
    expect(r.status).toBe(403);
    expect(r.json.error).toBe('sts_refused');
    expect(r.json.aws_error).toBe('AccessDenied');
    expect(stack.audit.some((e) => e.event === 'sts_call' && e.outcome === 'failure' && e.role === 'arn:aws:iam::111111111111:role/Orphan' && String(e.detail).includes('AccessDenied'))).toBe(true);
  });

  it('a duration above the role maximum: retried once within the limit, and the user told what they got and why', async () => {
    const r = await exchange({ role_arn: 'arn:aws:iam::111111111111:role/Short', duration_seconds: 7200 });
    expect(r.status).toBe(200);
    expect(r.json.duration_seconds).toBe(3600);
    expect(r.json.duration_note).toMatch(/7200.*3600|MaxSessionDuration/s);
    expect(stack.audit.some((e) => e.event === 'sts_call' && e.outcome === 'success' && e.durationSec === 3600 && e.requestedDurationSec === 7200)).toBe(true);
  });

  it('the same role within its maximum works (control)', async () => {
    const r = await exchange({ role_arn: 'arn:aws:iam::111111111111:role/Short', duration_seconds: 3600 });
    expect(r.status).toBe(200);
  });
});
