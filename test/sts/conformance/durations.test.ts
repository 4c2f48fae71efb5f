// DurationSeconds rules: default 1 h, the role's MaxSessionDuration, the 1-h
// cap on role chaining, 900–129600 for GetSessionToken/GetFederationToken.
import { expect, it } from 'vitest';
import { AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand, GetFederationTokenCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { assumeRole, codeOf, credsOf, forEachTarget, lifetime } from './suite.js';

forEachTarget((target, caps) => {
  const near = (actual: number, expected: number): void => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(10);

  it('AssumeRole: default 3600 s, up to the role maximum, 900 s minimum', async () => {
    const t = target();
    near(lifetime((await assumeRole(t, t.user, { RoleArn: t.role('Basic') })).Credentials), 3600);
    near(lifetime((await assumeRole(t, t.user, { RoleArn: t.role('Basic'), DurationSeconds: 43200 })).Credentials), 43200);
    near(lifetime((await assumeRole(t, t.user, { RoleArn: t.role('Basic'), DurationSeconds: 900 })).Credentials), 900);
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('Basic'), DurationSeconds: 899 }))).toBe('ValidationError');
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('Basic'), DurationSeconds: 43201 }))).toBe('ValidationError');
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('Short'), DurationSeconds: 3601 }))).toBe('ValidationError');
  });

  it('role chaining is capped at 1 hour even when the role allows more', async () => {
    const t = target();
    const first = credsOf((await assumeRole(t, t.user, { RoleArn: t.role('Basic') })).Credentials);
    expect(await codeOf(assumeRole(t, first, { RoleArn: t.role('Chained'), DurationSeconds: 3601 }))).toBe('ValidationError');
    near(lifetime((await assumeRole(t, first, { RoleArn: t.role('Chained'), DurationSeconds: 3600 })).Credentials), 3600);
    near(lifetime((await assumeRole(t, first, { RoleArn: t.role('Chained') })).Credentials), 3600);
  });

  it('GetSessionToken and GetFederationToken: default 43200 s, 900–129600', async () => {
    const t = target();
    const c = t.client(t.user);
    near(lifetime((await c.send(new GetSessionTokenCommand({}))).Credentials), 43200);
    near(lifetime((await c.send(new GetSessionTokenCommand({ DurationSeconds: 129600 }))).Credentials), 129600);
    expect(await codeOf(c.send(new GetSessionTokenCommand({ DurationSeconds: 899 })))).toBe('ValidationError');
    expect(await codeOf(c.send(new GetSessionTokenCommand({ DurationSeconds: 129601 })))).toBe('ValidationError');
    near(lifetime((await c.send(new GetFederationTokenCommand({ Name: 'fed-dur' }))).Credentials), 43200);
    near(lifetime((await c.send(new GetFederationTokenCommand({ Name: 'fed-dur', DurationSeconds: 900 }))).Credentials), 900);
    expect(await codeOf(c.send(new GetFederationTokenCommand({ Name: 'fed-dur', DurationSeconds: 899 })))).toBe('ValidationError');
    expect(await codeOf(c.send(new GetFederationTokenCommand({ Name: 'fed-dur', DurationSeconds: 129601 })))).toBe('ValidationError');
  });

  it.skipIf(!caps.saml)('AssumeRoleWithSAML: default 3600 s, role maximum', async () => {
    const t = target();
    const call = (DurationSeconds?: number) => t.client().send(new AssumeRoleWithSAMLCommand({ RoleArn: t.role('Saml'), PrincipalArn: t.saml!.provider, SAMLAssertion: t.saml!.assertion(), ...(DurationSeconds ? { DurationSeconds } : {}) }));
    near(lifetime((await call()).Credentials), 3600);
    near(lifetime((await call(7200)).Credentials), 7200);
    expect(await codeOf(call(7201))).toBe('ValidationError');
    expect(await codeOf(call(899))).toBe('ValidationError');
  });

  it.skipIf(!caps.oidc)('AssumeRoleWithWebIdentity: default 3600 s, role maximum', async () => {
    const t = target();
    const call = async (DurationSeconds?: number) => t.client().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: t.role('Web'), RoleSessionName: 'web', WebIdentityToken: await t.oidc!.token(), ...(DurationSeconds ? { DurationSeconds } : {}) }));
    near(lifetime((await call()).Credentials), 3600);
    near(lifetime((await call(7200)).Credentials), 7200);
    expect(await codeOf(call(7201))).toBe('ValidationError');
  });
});
