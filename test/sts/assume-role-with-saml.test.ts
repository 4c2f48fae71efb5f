// AssumeRoleWithSAML end to end over HTTP with the real JS SDK, then
// GetCallerIdentity with the issued credentials.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCT, ENTITY_ID, PROVIDER, ROLE, demoModelVars, makeIdp, samlResponse, startLocalAws, type Idp, type Running } from './helpers.js';
import { assume, credsOf, errorOf, whoami } from './sdk.js';

let idp: Idp;
let run: Running;
beforeAll(async () => {
  idp = await makeIdp();
  run = await startLocalAws({ modelFile: 'config/local-aws.yaml', vars: demoModelVars(idp), trailFile: `${idp.dir}/trail.jsonl` });
});
afterAll(async () => run?.stop());

describe('AssumeRoleWithSAML happy paths', () => {
  it('issues credentials that GetCallerIdentity accepts', async () => {
    const out = await assume(run.url, samlResponse(idp), { duration: 7200 });
    const c = out.Credentials!;
    expect(c.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/);
    expect(c.SecretAccessKey).toHaveLength(40);
    expect(c.SessionToken!.length).toBeGreaterThan(100);
    expect(Math.abs(c.Expiration!.getTime() - (Date.now() + 7200_000))).toBeLessThan(5000);
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCT}:assumed-role/Developer/alice@example.com`);
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z0-9]{17}:alice@example\.com$/);
    expect(out.Subject).toBe('alice');
    expect(out.SubjectType).toBe('persistent');
    expect(out.Issuer).toBe(ENTITY_ID);
    expect(out.Audience).toBe('https://signin.aws.amazon.com/saml');
    expect(out.NameQualifier).toBe(createHash('sha1').update(`${ENTITY_ID}${ACCT}/sts-bridge`).digest('base64'));
    const me = await whoami(run.url, credsOf(out));
    expect(me).toMatchObject({ Arn: out.AssumedRoleUser!.Arn, UserId: out.AssumedRoleUser!.AssumedRoleId, Account: ACCT });
  });

  it('accepts a Response-level signature, provider-first Role values and another account', async () => {
    const saml = samlResponse(idp, { sign: 'response', roles: [`${PROVIDER.replace(ACCT, '222222222222')},${ROLE('Auditor', '222222222222')}`] });
    const out = await assume(run.url, saml, { role: ROLE('Auditor', '222222222222'), provider: PROVIDER.replace(ACCT, '222222222222') });
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::222222222222:assumed-role/Auditor/alice@example.com');
  });

  it('accepts the same assertion again until it expires, as real STS does', async () => {
    const saml = samlResponse(idp);
    await assume(run.url, saml);
    expect(await errorOf(assume(run.url, saml))).toBe('ok');
  });

  it('takes the shortest of DurationSeconds, SessionDuration and SessionNotOnOrAfter', async () => {
    const a = await assume(run.url, samlResponse(idp, { attributes: { SessionDuration: ['1000'] } }), { duration: 3600 });
    expect(Math.round((a.Credentials!.Expiration!.getTime() - Date.now()) / 1000)).toBeGreaterThan(990);
    expect(Math.round((a.Credentials!.Expiration!.getTime() - Date.now()) / 1000)).toBeLessThanOrEqual(1000);
    const b = await assume(run.url, samlResponse(idp, { sessionNotOnOrAfter: Date.now() + 1200_000 }), { duration: 3600 });
    expect(Math.round((b.Credentials!.Expiration!.getTime() - Date.now()) / 1000)).toBeLessThanOrEqual(1200);
    expect(Math.round((b.Credentials!.Expiration!.getTime() - Date.now()) / 1000)).toBeGreaterThan(1190);
  });

  it('returns SourceIdentity and PackedPolicySize for tags when the trust policy allows them', async () => {
    const out = await assume(run.url, samlResponse(idp, { attributes: { SourceIdentity: ['alice'], 'PrincipalTag:Dept': ['eng'], TransitiveTagKeys: ['Dept'] } }));
    expect(out.SourceIdentity).toBe('alice');
    expect(out.PackedPolicySize).toBeGreaterThan(0);
  });

  it('maps an unspecified NameID format through unchanged', async () => {
    const out = await assume(run.url, samlResponse(idp, { nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress', nameId: 'a@b.c' }));
    expect(out.SubjectType).toBe('urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
  });
});

describe('AssumeRoleWithSAML refusals (AWS codes)', () => {
  const now = Date.now();
  const cases: [string, () => Promise<string> | string, string][] = [
    ['no NameID', () => samlResponse(idp, { nameId: null }), 'AccessDenied/403'],
    ['issuer not the metadata entityID', () => samlResponse(idp, { issuer: 'https://evil.test' }), 'InvalidIdentityToken/400'],
    ['recipient not an AWS endpoint', () => samlResponse(idp, { recipient: 'https://evil.test/saml' }), 'InvalidIdentityToken/400'],
    ['two bearer confirmations', () => samlResponse(idp, { extraConfirmation: true }), 'InvalidIdentityToken/400'],
    ['wrong audience', () => samlResponse(idp, { audience: 'https://evil.test' }), 'InvalidIdentityToken/400'],
    ['no audience restriction', () => samlResponse(idp, { audience: null }), 'InvalidIdentityToken/400'],
    ['expired', () => samlResponse(idp, { now: now - 900_000, notOnOrAfter: now - 120_000 }), 'ExpiredTokenException/400'],
    ['not yet valid', () => samlResponse(idp, { notBefore: now + 600_000 }), 'InvalidIdentityToken/400'],
    ['no RoleSessionName', () => samlResponse(idp, { sessionName: null }), 'InvalidIdentityToken/400'],
    ['RoleSessionName with a space', () => samlResponse(idp, { sessionName: 'alice smith' }), 'InvalidIdentityToken/400'],
    ['RoleSessionName too short', () => samlResponse(idp, { sessionName: 'a' }), 'InvalidIdentityToken/400'],
    ['two RoleSessionName values', () => samlResponse(idp, { attributes: { RoleSessionName: ['alice', 'bob'] } }), 'InvalidIdentityToken/400'],
    ['SourceIdentity with aws: prefix', () => samlResponse(idp, { attributes: { SourceIdentity: ['aws:alice'] } }), 'InvalidIdentityToken/400'],
    ['tag key with aws: prefix', () => samlResponse(idp, { attributes: { 'PrincipalTag:aws:x': ['y'] } }), 'InvalidIdentityToken/400'],
    ['requested role not in the Role attribute', () => samlResponse(idp, { roles: [`${ROLE('Admin')},${PROVIDER}`] }), 'AccessDenied/403'],
    ['regional recipient fails the template SAML:aud condition', () => samlResponse(idp, { recipient: 'https://us-west-2.signin.aws.amazon.com/saml' }), 'AccessDenied/403'],
    ['unsigned', () => samlResponse(idp, { sign: 'none' }), 'InvalidIdentityToken/400'],
    ['RSA-SHA1', () => samlResponse(idp, { signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' }), 'InvalidIdentityToken/400'],
    ['SHA-1 digest', () => samlResponse(idp, { digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1' }), 'InvalidIdentityToken/400'],
    ['not base64', () => '<samlp:Response/>', 'InvalidIdentityToken/400'],
    ['DOCTYPE', () => Buffer.from('<!DOCTYPE x [<!ENTITY a "b">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>').toString('base64'), 'InvalidIdentityToken/400'],
    ['longer than 100000 chars', () => 'A'.repeat(100_004), 'ValidationError/400'],
  ];
  for (const [name, make, code] of cases) {
    it(name, async () => {
      expect(await errorOf(assume(run.url, await make()))).toBe(code);
    });
  }

  it('tolerates line-wrapped base64', async () => {
    const wrapped = samlResponse(idp).replace(/(.{76})/g, '$1\r\n');
    expect(await errorOf(assume(run.url, wrapped))).toBe('ok');
  });

  // Duration limits: test/sts/conformance/durations.test.ts (both targets).
  it('refuses unknown roles and providers, and malformed session policies', async () => {
    const saml = samlResponse(idp);
    expect(await errorOf(assume(run.url, saml, { role: ROLE('developer') }))).toBe('AccessDenied/403');
    expect(await errorOf(assume(run.url, saml, { provider: `arn:aws:iam::${ACCT}:saml-provider/nope` }))).toBe('InvalidIdentityToken/400');
    expect(await errorOf(assume(run.url, saml, { policy: '{not json' }))).toBe('MalformedPolicyDocument/400');
  });
});
