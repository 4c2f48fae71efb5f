// Session policies and PolicyArns bound later requests of the session:
// effective permissions = identity policies ∩ session policies. Policy variables.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { parsePolicy } from '../../src/sts/policy/document.js';
import { evaluate } from '../../src/sts/policy/evaluate.js';
import { startLocalAws, type Running } from './helpers.js';
import { errorOf, sts, type Creds } from './sdk.js';

const A = '111111111111';
const role = (n: string): string => `arn:aws:iam::${A}:role/${n}`;
const policy = (n: string): string => `arn:aws:iam::${A}:policy/${n}`;
const alice: Creds = { accessKeyId: 'AKIAALICEALICEALICE1', secretAccessKey: 'a'.repeat(40) };
const allow = (Action: string, Resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action, Resource }] });
const deny = (Action: string, Resource: string) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action, Resource }] });
const trust = (AWS: string) => ({ document: { Statement: [{ Effect: 'Allow', Principal: { AWS }, Action: 'sts:AssumeRole' }] } });
const MODEL = { accounts: [{ id: A,
  managedPolicies: [{ name: 'AssumeNext', document: allow('sts:AssumeRole', role('Next')) }, { name: 'NoAssume', document: deny('sts:AssumeRole', '*') }],
  users: [{ name: 'alice', accessKeys: [{ id: alice.accessKeyId, secret: alice.secretAccessKey }],
    policies: [allow('sts:AssumeRole', `arn:aws:iam::${A}:role/\${aws:username}-*`)] }],
  roles: [
    { name: 'Target', trustPolicy: trust(`arn:aws:iam::${A}:user/alice`), policies: [allow('sts:AssumeRole', '*')] },
    { name: 'Next', trustPolicy: trust(role('Target')) },                                      // names the role
    { name: 'Other', trustPolicy: trust(A) },                                                  // account root: identity must allow
    { name: 'BySession', trustPolicy: trust(`arn:aws:sts::${A}:assumed-role/Target/s1`) },      // names the session
    { name: 'alice-dev', trustPolicy: trust(A) },
    { name: 'bob-dev', trustPolicy: trust(A) },
  ] }] };

let run: Running;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'session-policies-'));
  writeFileSync(join(dir, 'model.yaml'), JSON.stringify(MODEL));
  run = await startLocalAws({ modelFile: join(dir, 'model.yaml') });
});
afterAll(async () => run?.stop());

const assume = (c: Creds, input: Partial<AssumeRoleCommandInput>) =>
  sts(run.url, c).send(new AssumeRoleCommand({ RoleArn: role('Target'), RoleSessionName: 's1', ...input }));
async function target(input: Partial<AssumeRoleCommandInput> = {}): Promise<Creds> {
  const c = (await assume(alice, input)).Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}
const chain = async (c: Creds, to: string): Promise<string> => errorOf(assume(c, { RoleArn: role(to), RoleSessionName: 's2' }));

describe('session policies bound later requests', () => {
  it('without session policies the role identity policies apply', async () => {
    const c = await target();
    expect(await chain(c, 'Next')).toBe('ok');
    expect(await chain(c, 'Other')).toBe('ok');
  });

  it('an inline Policy narrows what the trust and identity policies grant', async () => {
    const none = await target({ Policy: JSON.stringify(allow('s3:GetObject', '*')) });
    expect(await chain(none, 'Next')).toBe('AccessDenied/403');
    expect(await chain(none, 'Other')).toBe('AccessDenied/403');
    const onlyNext = await target({ Policy: JSON.stringify(allow('sts:AssumeRole', role('Next'))) });
    expect(await chain(onlyNext, 'Next')).toBe('ok');
    expect(await chain(onlyNext, 'Other')).toBe('AccessDenied/403');
  });

  it('PolicyArns name managed policies; an explicit Deny in any session policy wins', async () => {
    const arns = await target({ PolicyArns: [{ arn: policy('AssumeNext') }] });
    expect(await chain(arns, 'Next')).toBe('ok');
    expect(await chain(arns, 'Other')).toBe('AccessDenied/403');
    const denied = await target({ Policy: JSON.stringify(allow('*', '*')), PolicyArns: [{ arn: policy('NoAssume') }] });
    expect(await chain(denied, 'Next')).toBe('AccessDenied/403');
    expect(await errorOf(assume(alice, { PolicyArns: [{ arn: policy('Missing') }] }))).toBe('MalformedPolicyDocument/400');
  });

  it('a trust policy naming the session ARN is not limited by the session policy', async () => {
    const c = await target({ Policy: JSON.stringify(allow('s3:GetObject', '*')) });
    expect(await chain(c, 'BySession')).toBe('ok');
  });
});

describe('policy variables', () => {
  it('${aws:username} in a Resource resolves per caller', async () => {
    expect(await errorOf(assume(alice, { RoleArn: role('alice-dev') }))).toBe('ok');
    expect(await errorOf(assume(alice, { RoleArn: role('bob-dev') }))).toBe('AccessDenied/403');
  });

  it('substitutes context values literally, honours defaults, escapes and the 2012-10-17 version rule', () => {
    const doc = (Resource: string, Version = '2012-10-17') => parsePolicy(JSON.stringify({ Version, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource }] }));
    const ctx = (o: Record<string, string>) => new Map(Object.entries(o));
    const req = (resource: string, c: Record<string, string>) => ({ action: 's3:GetObject', resource, context: ctx(c) });
    expect(evaluate([doc('arn:aws:s3:::home/${saml:sub}/*')], req('arn:aws:s3:::home/alice/x', { 'saml:sub': 'alice' }))).toBe('Allow');
    expect(evaluate([doc('arn:aws:s3:::home/${saml:sub}/*')], req('arn:aws:s3:::home/bob/x', { 'saml:sub': 'alice' }))).toBe('ImplicitDeny');
    expect(evaluate([doc('arn:aws:s3:::home/${saml:sub}/*')], req('arn:aws:s3:::home/alice/x', {}))).toBe('ImplicitDeny');
    expect(evaluate([doc("arn:aws:s3:::home/${saml:sub, 'guest'}/*")], req('arn:aws:s3:::home/guest/x', {}))).toBe('Allow');
    // A value containing * matches only literally.
    expect(evaluate([doc('arn:aws:s3:::home/${saml:sub}')], req('arn:aws:s3:::home/anything', { 'saml:sub': '*' }))).toBe('ImplicitDeny');
    expect(evaluate([doc('arn:aws:s3:::a${*}b')], req('arn:aws:s3:::a*b', {}))).toBe('Allow');
    expect(evaluate([doc('arn:aws:s3:::a${*}b')], req('arn:aws:s3:::axxb', {}))).toBe('ImplicitDeny');
    expect(evaluate([doc('arn:aws:s3:::${saml:sub}', '2008-10-17')], req('arn:aws:s3:::alice', { 'saml:sub': 'alice' }))).toBe('ImplicitDeny');
  });
});
