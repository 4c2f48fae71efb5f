// Trust-policy gates on AssumeRole: MFA (SerialNumber + TokenCode), ExternalId
// on an account-root trust, source identity that cannot change along a chain.
import { expect, it } from 'vitest';
import { GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { assumeRole, codeOf, credsOf, forEachTarget, whoami } from './suite.js';
import { EXTERNAL_ID } from './roles.js';

forEachTarget((target, caps) => {
  it('a user named in the trust policy assumes the role and GetCallerIdentity shows the session', async () => {
    const t = target();
    const out = await assumeRole(t, t.user, { RoleArn: t.role('Basic'), RoleSessionName: 'alice-session' });
    const roleName = t.role('Basic').split('/').pop();
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${t.account}:assumed-role/${roleName}/alice-session`);
    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    const me = await whoami(t, credsOf(out.Credentials));
    expect(me).toMatchObject({ Arn: out.AssumedRoleUser!.Arn, UserId: out.AssumedRoleUser!.AssumedRoleId, Account: t.account });
  });

  it('ExternalId must match the trust policy condition', async () => {
    const t = target();
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('Partner'), ExternalId: EXTERNAL_ID }))).toBe('ok');
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('Partner'), ExternalId: 'wrong-id' }))).toBe('AccessDenied');
  });

  it('unknown roles are AccessDenied, not a different error', async () => {
    const t = target();
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('Basic') + 'Nope' }))).toBe('AccessDenied');
  });

  it('source identity persists through chaining and cannot be changed', async () => {
    const t = target();
    const first = await assumeRole(t, t.user, { RoleArn: t.role('Basic'), SourceIdentity: 'alice' });
    expect(first.SourceIdentity).toBe('alice');
    const c = credsOf(first.Credentials);
    expect(await codeOf(assumeRole(t, c, { RoleArn: t.role('Chained'), SourceIdentity: 'mallory' }))).toBe('AccessDenied');
    expect((await assumeRole(t, c, { RoleArn: t.role('Chained') })).SourceIdentity).toBe('alice');
  });

  it.skipIf(!caps.mfa)('MFA: required by the trust policy, checked by TokenCode, carried by GetSessionToken credentials', async () => {
    const t = target();
    const { serial } = t.mfa!;
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('MfaOnly') }))).toBe('AccessDenied');
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('MfaOnly'), SerialNumber: serial, TokenCode: await t.mfa!.code() }))).toBe('ok');
    const wrong = String((Number(await t.mfa!.code()) + 500_000) % 1_000_000).padStart(6, '0');
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('MfaOnly'), SerialNumber: serial, TokenCode: wrong }))).toBe('AccessDenied');
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('MfaOnly'), SerialNumber: serial, TokenCode: '12345' }))).toBe('ValidationError');
    const session = credsOf((await t.client(t.user).send(new GetSessionTokenCommand({ DurationSeconds: 900, SerialNumber: serial, TokenCode: await t.mfa!.code() }))).Credentials);
    expect(await codeOf(assumeRole(t, session, { RoleArn: t.role('MfaOnly') }))).toBe('ok');
  }, 180_000);
});
