// AssumeRoleWithSAML and AssumeRoleWithWebIdentity against each target: the
// response fields AWS documents and the refusals it gives.
import { expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { AssumeRoleWithSAMLCommand, AssumeRoleWithWebIdentityCommand } from '@aws-sdk/client-sts';
import { generateSelfSigned } from '../../../src/keys/certs.js';
import type { AssertionOpts } from '../helpers.js';
import { codeOf, credsOf, forEachTarget, whoami } from './suite.js';

forEachTarget((target, caps) => {
  const saml = (o: AssertionOpts = {}) => { const t = target(); return t.client().send(new AssumeRoleWithSAMLCommand({ RoleArn: t.role('Saml'), PrincipalArn: t.saml!.provider, SAMLAssertion: t.saml!.assertion(o) })); };
  const web = (token: string) => { const t = target(); return t.client().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: t.role('Web'), RoleSessionName: 'web', WebIdentityToken: token })); };

  it.skipIf(!caps.saml)('SAML: credentials, Subject, NameQualifier, Audience = Recipient', async () => {
    const t = target();
    const out = await saml({ attributes: { SourceIdentity: ['alice'], 'PrincipalTag:Dept': ['eng'] } });
    const roleName = t.role('Saml').split('/').pop();
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${t.account}:assumed-role/${roleName}/alice@example.com`);
    expect(out).toMatchObject({ Subject: 'alice', SubjectType: 'persistent', Audience: 'https://signin.aws.amazon.com/saml', SourceIdentity: 'alice' });
    const provider = t.saml!.provider.split('/').pop();
    expect(out.NameQualifier).toBe(createHash('sha1').update(`${out.Issuer}${t.account}/${provider}`).digest('base64'));
    expect((await whoami(t, credsOf(out.Credentials))).Arn).toBe(out.AssumedRoleUser!.Arn);
  });

  it.skipIf(!caps.saml)('SAML refusals', async () => {
    const other = await generateSelfSigned('stranger');
    expect(await codeOf(saml({ keyPem: other.keyPem }))).toBe('InvalidIdentityToken');
    expect(await codeOf(saml({ audience: 'https://evil.test' }))).toBe('InvalidIdentityToken');
    expect(await codeOf(saml({ sessionName: 'has space' }))).toBe('InvalidIdentityToken');
    expect(await codeOf(saml({ sessionName: null }))).toBe('InvalidIdentityToken');
    expect(await codeOf(saml({ attributes: { SourceIdentity: ['aws:alice'] } }))).toBe('InvalidIdentityToken');
    expect(await codeOf(saml({ nameId: null }))).toBe('AccessDenied');
    expect(await codeOf(saml({ recipient: 'https://us-west-2.signin.aws.amazon.com/saml' }))).toBe('AccessDenied');
  });

  it.skipIf(!caps.oidc)('web identity: credentials, Provider, Audience, SubjectFromWebIdentityToken', async () => {
    const t = target();
    const out = await web(await t.oidc!.token({ 'https://aws.amazon.com/tags': { principal_tags: { Dept: ['eng'] }, transitive_tag_keys: ['Dept'] } }));
    expect(out).toMatchObject({ SubjectFromWebIdentityToken: 'user-alice', Audience: t.oidc!.clientId });
    expect(out.Provider).toBe(t.oidc!.issuer);
    expect((await whoami(t, credsOf(out.Credentials))).Arn).toBe(out.AssumedRoleUser!.Arn);
  });

  it.skipIf(!caps.oidc)('web identity refusals', async () => {
    const t = target();
    const now = Math.floor(Date.now() / 1000);
    expect(await codeOf(web(await t.oidc!.token({ aud: 'someone-else' })))).toBe('InvalidIdentityToken');
    expect(await codeOf(web(await t.oidc!.token({ exp: now + 300.5 })))).toBe('InvalidIdentityToken');
    expect(await codeOf(web('not.a.jwt'))).toBe('InvalidIdentityToken');
    const stranger = (await generateKeyPair('RS256')).privateKey;
    const forged = await new SignJWT({ sub: 'user-alice', aud: t.oidc!.clientId, iat: now, exp: now + 300 }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(t.oidc!.issuer).sign(stranger);
    expect(await codeOf(web(forged))).toBe('InvalidIdentityToken');
    const unknownIss = await new SignJWT({ sub: 'user-alice', aud: t.oidc!.clientId, iat: now, exp: now + 300 }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer('https://unknown.invalid').sign(stranger);
    expect(await codeOf(web(unknownIss))).toBe('InvalidIdentityToken');
  });
});
