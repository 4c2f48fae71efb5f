// Priority-2 actions with the real SDK: AssumeRole (ExternalId, MFA, tags,
// chaining), GetSessionToken, GetFederationToken, GetAccessKeyInfo.
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssumeRoleCommand, GetAccessKeyInfoCommand, GetFederationTokenCommand, GetSessionTokenCommand, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { totp } from '../../src/sts/mfa.js';
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

describe('AssumeRole', () => {
  it('lets a user named in the trust policy assume the role', async () => {
    const out = await assumeRole(alice, { DurationSeconds: 7200 });
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${A}:assumed-role/Target/alice-session`);
    expect((await whoami(run.url, creds(out))).Arn).toBe(out.AssumedRoleUser!.Arn);
  });

  it('checks ExternalId and the caller identity policy for account-root trust', async () => {
    expect(await errorOf(assumeRole(alice, { RoleArn: role('Partner'), ExternalId: 'ext-123' }))).toBe('ok');
    expect(await errorOf(assumeRole(alice, { RoleArn: role('Partner'), ExternalId: 'ext-999' }))).toBe('AccessDenied/403');
    expect(await errorOf(assumeRole(alice, { RoleArn: role('Partner') }))).toBe('AccessDenied/403');
    expect(await errorOf(assumeRole(bob, { RoleArn: role('Partner'), ExternalId: 'ext-123' }))).toBe('AccessDenied/403');
    expect(await errorOf(assumeRole(bob, {}))).toBe('AccessDenied/403');
    expect(await errorOf(assumeRole(carol, { RoleArn: role('CrossAccount') }))).toBe('ok');
    expect(await errorOf(assumeRole(alice, { RoleArn: role('Nope') }))).toBe('AccessDenied/403');
  });

  it('validates parameters', async () => {
    expect(await errorOf(assumeRole(alice, { RoleSessionName: 'has space' }))).toBe('ValidationError/400');
    expect(await errorOf(assumeRole(alice, { ExternalId: 'x' }))).toBe('ValidationError/400');
    expect(await errorOf(assumeRole(alice, { DurationSeconds: 43201 }))).toBe('ValidationError/400');
    expect(await errorOf(assumeRole(alice, { RoleArn: role('Partner'), ExternalId: 'ext-123', DurationSeconds: 7200 }))).toBe('ValidationError/400');
  });

  it('requires MFA when the trust policy asks for it', async () => {
    expect(await errorOf(assumeRole(alice, { RoleArn: role('MfaOnly') }))).toBe('AccessDenied/403');
    expect(await errorOf(assumeRole(alice, { RoleArn: role('MfaOnly'), SerialNumber: MFA, TokenCode: totp(SEED, Date.now()) }))).toBe('ok');
    const wrong = String((Number(totp(SEED, Date.now())) + 1) % 1_000_000).padStart(6, '0');
    expect(await errorOf(assumeRole(alice, { RoleArn: role('MfaOnly'), SerialNumber: MFA, TokenCode: wrong }))).toBe('AccessDenied/403');
  });

  it('chains roles with a 1-hour cap, inherits transitive tags and keeps the source identity', async () => {
    const first = await assumeRole(alice, { SourceIdentity: 'alice', Tags: [{ Key: 'Project', Value: 'x' }], TransitiveTagKeys: ['Project'] });
    expect(first.SourceIdentity).toBe('alice');
    const c = creds(first);
    expect(await errorOf(assumeRole(c, { RoleArn: role('Chained'), DurationSeconds: 3601 }))).toBe('ValidationError/400');
    expect(await errorOf(assumeRole(c, { RoleArn: role('Chained'), Tags: [{ Key: 'project', Value: 'y' }] }))).toBe('ValidationError/400');
    expect(await errorOf(assumeRole(c, { RoleArn: role('Chained'), SourceIdentity: 'mallory' }))).toBe('AccessDenied/403');
    const second = await assumeRole(c, { RoleArn: role('Chained') });
    expect(second.SourceIdentity).toBe('alice');
    expect(second.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${A}:assumed-role/Chained/alice-session`);
    // Chained credentials cannot extend a console session.
    const s = creds(second);
    const res = await fetch(`${run.url}/federation?Action=getSigninToken&SessionDuration=7200&Session=${encodeURIComponent(JSON.stringify({ sessionId: s.accessKeyId, sessionKey: s.secretAccessKey, sessionToken: s.sessionToken }))}`);
    expect(res.status).toBe(400);
  });
});

describe('GetSessionToken, GetFederationToken, GetAccessKeyInfo', () => {
  it('GetSessionToken with MFA; its credentials may AssumeRole but not GetFederationToken', async () => {
    const out = await sts(run.url, alice).send(new GetSessionTokenCommand({ DurationSeconds: 900, SerialNumber: MFA, TokenCode: totp(SEED, Date.now()) }));
    const c = creds(out);
    expect((await whoami(run.url, c)).Arn).toBe(`arn:aws:iam::${A}:user/alice`);
    expect(await errorOf(assumeRole(c, { RoleArn: role('MfaOnly') }))).toBe('ok');
    expect(await errorOf(sts(run.url, c).send(new GetFederationTokenCommand({ Name: 'x1' })))).toBe('AccessDenied/403');
    const wrong = String((Number(totp(SEED, Date.now())) + 500_000) % 1_000_000).padStart(6, '0');
    expect(await errorOf(sts(run.url, alice).send(new GetSessionTokenCommand({ SerialNumber: MFA, TokenCode: wrong })))).toBe('AccessDenied/403');
    expect(await errorOf(sts(run.url, alice).send(new GetSessionTokenCommand({ DurationSeconds: 129601 })))).toBe('ValidationError/400');
  });

  it('GetFederationToken returns a federated user that can only call GetCallerIdentity', async () => {
    const out = await sts(run.url, alice).send(new GetFederationTokenCommand({ Name: 'fed-alice', Policy: JSON.stringify(allowAll) }));
    expect(out.FederatedUser).toEqual({ FederatedUserId: `${A}:fed-alice`, Arn: `arn:aws:sts::${A}:federated-user/fed-alice` });
    const c = creds(out);
    expect((await whoami(run.url, c)).Arn).toBe(out.FederatedUser!.Arn);
    expect(await errorOf(assumeRole(c, {}))).toBe('AccessDenied/403');
    expect(await errorOf(sts(run.url, bob).send(new GetFederationTokenCommand({ Name: 'fed-bob' })))).toBe('AccessDenied/403');
    const role1 = creds(await assumeRole(alice, {}));
    expect(await errorOf(sts(run.url, role1).send(new GetFederationTokenCommand({ Name: 'nope' })))).toBe('AccessDenied/403');
  });

  it('GetAccessKeyInfo names the owning account', async () => {
    expect((await sts(run.url, alice).send(new GetAccessKeyInfoCommand({ AccessKeyId: carol.accessKeyId }))).Account).toBe(X);
  });
});
