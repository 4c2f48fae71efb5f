// The main job end to end over real HTTP: sign in at a dev IdP through its
// real forms, pick a role, leave with credentials the real SDK can use.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputValues, signIn } from '../helpers/login.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

function credentialsFrom(html: string) {
  const json = /<pre id="json">([\s\S]*?)<\/pre>/.exec(html)?.[1] ?? '';
  return JSON.parse(json.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
}

async function callerIdentity(c: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }) {
  const sts = new STSClient({ region: 'us-east-1', endpoint: stack.awsUrl, credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken } });
  try { return await sts.send(new GetCallerIdentityCommand({})); } finally { sts.destroy(); }
}

describe.each(['dev-saml', 'dev-oidc'] as const)('browser sign-in through %s', (idp) => {
  it('shows alice only her mapped roles and issues working credentials', async () => {
    const { client, page } = await signIn(stack.bridgeUrl, idp, 'alice');
    expect(page.url).toBe(`${stack.bridgeUrl}/roles`);
    expect(inputValues(page.body, 'role').sort()).toEqual([
      'arn:aws:iam::111111111111:role/Admin',
      'arn:aws:iam::111111111111:role/Developer',
      'arn:aws:iam::222222222222:role/ReadOnly',
    ]);
    const csrf = inputValues(page.body, 'csrf')[0]!;
    const res = await client.request(`${stack.bridgeUrl}/credentials`, { form: { csrf, role: 'arn:aws:iam::111111111111:role/Developer', duration: '3600' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('no-store');
    expect(res.body).toContain('export AWS_SESSION_TOKEN=');
    const creds = credentialsFrom(res.body);
    expect(creds.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    const me = await callerIdentity(creds);
    expect(me.Account).toBe('111111111111');
    expect(me.Arn).toBe('arn:aws:sts::111111111111:assumed-role/Developer/alice@example.com');
    expect(stack.audit.some((e) => e.event === 'sts_call' && e.outcome === 'success' && e.idp === idp && e.role === 'arn:aws:iam::111111111111:role/Developer')).toBe(true);
  });

  it('tells carol that no roles are mapped to her account', async () => {
    const { page } = await signIn(stack.bridgeUrl, idp, 'carol');
    expect(page.status).toBe(403);
    expect(page.body).toContain('No AWS roles are mapped to your account');
    expect(stack.audit.some((e) => e.event === 'role_decision' && e.outcome === 'failure' && e.user === 'carol' && e.reason === 'no_roles_mapped')).toBe(true);
  });
});
