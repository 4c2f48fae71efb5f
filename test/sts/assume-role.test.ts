// Local-only AssumeRole cases the conformance suite (one sandbox account) cannot
// express: cross-account trust, identity policies required for account-root
// trust, and chained credentials at the console federation endpoint. The rules
// shared with AWS (ExternalId, MFA, tags, chaining, durations, credential types)
// live in test/sts/conformance.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetAccessKeyInfoCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { startLocalAws, type Running } from './helpers.js';
import { errorOf, sts, whoami, type Creds } from './sdk.js';

const A = '111111111111', X = '333333333333';
const SEED = 'JBSWY3DPEHPK3PXP';
const MFA = `arn:aws:iam::${A}:mfa/alice`;
const alice: Creds = { accessKeyId: 'AKIAALICEALICEALICE1', secretAccessKey: 'a'.repeat(40) };
const bob: Creds = { accessKeyId: 'AKIABOBBOBBOBBOBBOB1', secretAccessKey: 'b'.repeat(40) };
const carol: Creds = { accessKeyId: 'AKIACAROLCAROLCAROL1', secretAccessKey: 'c'.repeat(40) };
const role = (n: string): string => `arn:aws:iam::${A}:role/${n}`;
const allowAll = { Statement: [{ Effect: 'Allow', Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:GetFederationToken', 'sts:SetSourceIdentity'], Resource: '*' }] };
const trust = (principal: object, action: string[] = ['sts:AssumeRole'], Condition?: object) => ({ document: { Statement: [{ Effect: 'Allow', Principal: principal, Action: action, ...(Condition ? { Condition } : {}) }] } });
const MODEL = {
  accounts: [
    { id: A, users: [
      { name: 'alice', accessKeys: [{ id: alice.accessKeyId, secret: alice.secretAccessKey }], policies: [allowAll], mfaDevices: [{ serialNumber: MFA, seed: SEED }] },
      { name: 'bob', accessKeys: [{ id: bob.accessKeyId, secret: bob.secretAccessKey }] },
    ], roles: [
      { name: 'Target', maxSessionDuration: 43200, trustPolicy: trust({ AWS: `arn:aws:iam::${A}:user/alice` }, ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']), policies: [allowAll] },
      { name: 'Partner', trustPolicy: trust({ AWS: A }, ['sts:AssumeRole'], { StringEquals: { 'sts:ExternalId': 'ext-123' } }) },
      { name: 'Chained', maxSessionDuration: 43200, trustPolicy: trust({ AWS: role('Target') }, ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity']) },
      { name: 'MfaOnly', trustPolicy: trust({ AWS: `arn:aws:iam::${A}:user/alice` }, ['sts:AssumeRole'], { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }) },
      { name: 'CrossAccount', trustPolicy: trust({ AWS: `arn:aws:iam::${X}:root` }) },
    ] },
    { id: X, users: [{ name: 'carol', accessKeys: [{ id: carol.accessKeyId, secret: carol.secretAccessKey }], policies: [allowAll] }] },
  ],
};

let run: Running;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'assume-role-'));
  writeFileSync(join(dir, 'model.yaml'), JSON.stringify(MODEL));
  run = await startLocalAws({ modelFile: join(dir, 'model.yaml') });
});
afterAll(async () => run?.stop());

const assumeRole = (c: Creds, input: Partial<AssumeRoleCommandInput>) =>
  sts(run.url, c).send(new AssumeRoleCommand({ RoleArn: role('Target'), RoleSessionName: 'alice-session', ...input }));
const creds = (o: { Credentials?: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } }): Creds =>
  ({ accessKeyId: o.Credentials!.AccessKeyId!, secretAccessKey: o.Credentials!.SecretAccessKey!, sessionToken: o.Credentials!.SessionToken! });

describe('AssumeRole across accounts and through identity policies', () => {
  it('account-root trust needs the caller identity policy; another account may be trusted', async () => {
    expect(await errorOf(assumeRole(alice, { RoleArn: role('Partner'), ExternalId: 'ext-123' }))).toBe('ok');
    expect(await errorOf(assumeRole(bob, { RoleArn: role('Partner'), ExternalId: 'ext-123' }))).toBe('AccessDenied/403');
    expect(await errorOf(assumeRole(bob, {}))).toBe('AccessDenied/403');
    expect(await errorOf(assumeRole(carol, { RoleArn: role('CrossAccount') }))).toBe('ok');
    expect((await sts(run.url, alice).send(new GetAccessKeyInfoCommand({ AccessKeyId: carol.accessKeyId }))).Account).toBe(X);
  });

  it('chained credentials cannot extend a console session', async () => {
    const first = creds(await assumeRole(alice, {}));
    const s = creds(await assumeRole(first, { RoleArn: role('Chained') }));
    expect((await whoami(run.url, s)).Arn).toBe(`arn:aws:sts::${A}:assumed-role/Chained/alice-session`);
    const res = await fetch(`${run.url}/federation?Action=getSigninToken&SessionDuration=7200&Session=${encodeURIComponent(JSON.stringify({ sessionId: s.accessKeyId, sessionKey: s.secretAccessKey, sessionToken: s.sessionToken }))}`);
    expect(res.status).toBe(400);
  });
});
