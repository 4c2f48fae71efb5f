// Session tags (with transitive keys) and SourceIdentity from claims on the
// minted-SAML path, and the chained cross-account flow: SAML into a hop role,
// then AssumeRole with an ExternalId into a partner account that has no
// provider for the bridge, capped at one hour. All against the local STS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realIdToken } from '../helpers/id-token.js';
import { editModelAndRules, startTestStack, type TestStack } from '../helpers/stack.js';

const PROVIDER = 'arn:aws:iam::111111111111:saml-provider/sts-bridge';
let stack: TestStack;
let bobToken: string;

const trust = (statement: Record<string, unknown>) => ({ document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] } });

beforeAll(async () => {
  stack = await startTestStack((raw) => {
    editModelAndRules(raw, (model, rules) => {
      model.accounts[0].roles.push(
        { name: 'Tagged', trustPolicy: trust({
          Principal: { Federated: PROVIDER }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'],
          Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml', 'aws:RequestTag/Email': 'bob@example.com', 'sts:SourceIdentity': 'bob' }, 'ForAnyValue:StringEquals': { 'sts:TransitiveTagKeys': 'Email' } },
        }) },
        { name: 'Hop', trustPolicy: { file: '${trustDir}/bridge-saml.json', providerName: 'sts-bridge' },
          policies: [{ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Resource: 'arn:aws:iam::999999999999:role/VendorAccess*' }] }] },
      );
      model.accounts.push({ id: '999999999999', alias: 'vendor', roles: [
        { name: 'VendorAccess', maxSessionDuration: 43200, trustPolicy: trust({ Principal: { AWS: 'arn:aws:iam::111111111111:role/Hop' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Condition: { StringEquals: { 'sts:ExternalId': 'ext-123', 'aws:PrincipalTag/Email': 'bob@example.com' } } }) },
        { name: 'VendorAccess2', trustPolicy: trust({ Principal: { AWS: 'arn:aws:iam::111111111111:role/Hop' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'], Condition: { StringEquals: { 'sts:ExternalId': 'ext-123' } } }) },
      ] });
      rules.session = { tags: [{ key: 'Email', claim: 'email', transitive: true }, { key: 'Department', claim: 'department' }] };
      rules.rules.push(
        { id: 'tagged', when: { group: 'aws-readonly' }, grant: [{ role: 'arn:aws:iam::111111111111:role/Tagged' }] },
        { id: 'vendor', when: { group: 'aws-readonly' }, grant: [
          { role: 'arn:aws:iam::999999999999:role/VendorAccess', via: 'arn:aws:iam::111111111111:role/Hop', externalId: 'ext-123' },
          { role: 'arn:aws:iam::999999999999:role/VendorAccess2', via: 'arn:aws:iam::111111111111:role/Hop', externalId: 'wrong' },
        ] },
      );
    });
  });
  bobToken = await realIdToken(stack.devIdp!.oidcIssuer, 'bob');
});
afterAll(async () => { await stack?.stop(); });

async function exchange(body: Record<string, unknown>) {
  const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: bobToken, ...body }) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

describe('session tags and SourceIdentity', () => {
  it('the minted assertion carries the Email tag (transitive) and SourceIdentity; the trust policy checks both', async () => {
    const r = await exchange({ role_arn: 'arn:aws:iam::111111111111:role/Tagged' });
    expect(r.status).toBe(200);
    expect(r.json.assumed_role_arn).toBe('arn:aws:sts::111111111111:assumed-role/Tagged/bob@example.com');
  });
});

describe('chained cross-account AssumeRole', () => {
  it('SAML into the hop role, then AssumeRole with the ExternalId into the partner account; one hour at most', async () => {
    const r = await exchange({ role_arn: 'arn:aws:iam::999999999999:role/VendorAccess', duration_seconds: 7200 });
    expect(r.status).toBe(200);
    expect(r.json.assumed_role_arn).toBe('arn:aws:sts::999999999999:assumed-role/VendorAccess/bob@example.com');
    expect(r.json.duration_seconds).toBe(3600);
    expect(r.json.duration_note).toMatch(/chaining/);
    const left = Date.parse(r.json.credentials.Expiration) - Date.now();
    expect(left).toBeLessThanOrEqual(3600_000 + 5000);
    expect(stack.audit.some((e) => e.event === 'sts_call' && e.action === 'AssumeRole' && e.outcome === 'success')).toBe(true);
  });

  it('a wrong ExternalId is refused by the partner trust policy, explained', async () => {
    const r = await exchange({ role_arn: 'arn:aws:iam::999999999999:role/VendorAccess2' });
    expect(r.status).toBe(403);
    expect(r.json.error).toBe('sts_refused');
    expect(r.json.aws_error).toBe('AccessDenied');
  });
});
