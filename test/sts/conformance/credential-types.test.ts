// What each kind of temporary credentials may call (IAM User Guide,
// id_credentials_temp_request.md), and GetAccessKeyInfo.
import { expect, it } from 'vitest';
import { GetAccessKeyInfoCommand, GetFederationTokenCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { assumeRole, codeOf, credsOf, forEachTarget, whoami } from './suite.js';
import { userPolicy } from './roles.js';

forEachTarget((target) => {
  it('role-session credentials cannot call GetSessionToken or GetFederationToken', async () => {
    const t = target();
    const c = credsOf((await assumeRole(t, t.user, { RoleArn: t.role('Basic') })).Credentials);
    expect(await codeOf(t.client(c).send(new GetSessionTokenCommand({})))).toBe('AccessDenied');
    expect(await codeOf(t.client(c).send(new GetFederationTokenCommand({ Name: 'nope' })))).toBe('AccessDenied');
  });

  it('GetSessionToken credentials may AssumeRole and GetCallerIdentity, not GetFederationToken or GetSessionToken', async () => {
    const t = target();
    const c = credsOf((await t.client(t.user).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials);
    expect((await whoami(t, c)).Arn).toBe(t.userArn);
    expect(await codeOf(assumeRole(t, c, { RoleArn: t.role('Basic') }))).toBe('ok');
    expect(await codeOf(t.client(c).send(new GetFederationTokenCommand({ Name: 'nope' })))).toBe('AccessDenied');
    expect(await codeOf(t.client(c).send(new GetSessionTokenCommand({})))).toBe('AccessDenied');
  });

  it('GetFederationToken credentials may only call GetCallerIdentity', async () => {
    const t = target();
    const out = await t.client(t.user).send(new GetFederationTokenCommand({ Name: 'fed-alice', Policy: JSON.stringify(userPolicy) }));
    expect(out.FederatedUser).toEqual({ FederatedUserId: `${t.account}:fed-alice`, Arn: `arn:aws:sts::${t.account}:federated-user/fed-alice` });
    const c = credsOf(out.Credentials);
    expect((await whoami(t, c)).Arn).toBe(out.FederatedUser!.Arn);
    expect(await codeOf(assumeRole(t, c, { RoleArn: t.role('Basic') }))).toBe('AccessDenied');
    expect(await codeOf(t.client(c).send(new GetSessionTokenCommand({})))).toBe('AccessDenied');
  });

  it('GetAccessKeyInfo names the account owning a key', async () => {
    const t = target();
    expect((await t.client(t.user).send(new GetAccessKeyInfoCommand({ AccessKeyId: t.user.accessKeyId }))).Account).toBe(t.account);
  });
});
