// Expired credentials and expired federation tokens: ExpiredToken for a
// signed call with expired credentials, ExpiredTokenException for SAML/OIDC.
import { expect, it } from 'vitest';
import { AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { assumeRole, codeOf, credsOf, forEachTarget, whoami } from './suite.js';

forEachTarget((target, caps) => {
  it.skipIf(!caps.saml)('an expired SAML assertion is ExpiredTokenException', async () => {
    const t = target();
    const now = Date.now();
    const saml = t.saml!.assertion({ now: now - 900_000, notBefore: now - 960_000, notOnOrAfter: now - 300_000 });
    expect(await codeOf(t.client().send(new AssumeRoleWithSAMLCommand({ RoleArn: t.role('Saml'), PrincipalArn: t.saml!.provider, SAMLAssertion: saml })))).toBe('ExpiredTokenException');
  });

  it.skipIf(!caps.oidc)('an expired web identity token is ExpiredTokenException', async () => {
    const t = target();
    const token = await t.oidc!.token({}, { expSeconds: -600 });
    expect(await codeOf(t.client().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: t.role('Web'), RoleSessionName: 'web', WebIdentityToken: token })))).toBe('ExpiredTokenException');
  });

  // Last in the file: it moves the local target's clock forward.
  it.skipIf(!caps.expiry)('expired session credentials are ExpiredToken', async () => {
    const t = target();
    const c = credsOf((await assumeRole(t, t.user, { RoleArn: t.role('Basic'), DurationSeconds: 900 })).Credentials);
    expect((await whoami(t, c)).Account).toBe(t.account);
    await t.elapse!(905_000);
    expect(await codeOf(whoami(t, c))).toBe('ExpiredToken');
    expect(await codeOf(assumeRole(t, c, { RoleArn: t.role('Chained') }))).toBe('ExpiredToken');
  }, 1_000_000);
});
