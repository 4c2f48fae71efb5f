// GetCallerIdentity authentication, the Query-protocol envelopes, and the trail.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCT, demoModelVars, makeIdp, samlResponse, startLocalAws, type Idp, type Running } from './helpers.js';
import { assume, credsOf, errorOf, whoami } from './sdk.js';

const EXAMPLE = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
let idp: Idp;
let run: Running;
let offset = 0;
let trailFile: string;
beforeAll(async () => {
  idp = await makeIdp();
  trailFile = `${idp.dir}/trail.jsonl`;
  run = await startLocalAws({ modelFile: 'config/local-aws.yaml', vars: demoModelVars(idp), trailFile, clock: () => Date.now() + offset });
});
afterAll(async () => run?.stop());

describe('GetCallerIdentity', () => {
  it('answers for a long-term IAM user key from the model', async () => {
    const me = await whoami(run.url, EXAMPLE);
    expect(me.Arn).toBe(`arn:aws:iam::${ACCT}:user/sigv4-demo`);
    expect(me.UserId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(me.Account).toBe(ACCT);
  });

  it('refuses unknown keys, wrong secrets, missing or foreign session tokens', async () => {
    expect(await errorOf(whoami(run.url, { ...EXAMPLE, accessKeyId: 'AKIAAAAAAAAAAAAAAAAA' }))).toBe('InvalidClientTokenId/403');
    expect(await errorOf(whoami(run.url, { ...EXAMPLE, secretAccessKey: EXAMPLE.secretAccessKey.replace('K7', 'K8') }))).toBe('SignatureDoesNotMatch/403');
    expect(await errorOf(whoami(run.url, { ...EXAMPLE, sessionToken: 'bogus' }))).toBe('InvalidClientTokenId/403');
    const c = credsOf(await assume(run.url, samlResponse(idp)));
    const other = credsOf(await assume(run.url, samlResponse(idp)));
    expect(await errorOf(whoami(run.url, { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey }))).toBe('InvalidClientTokenId/403');
    expect(await errorOf(whoami(run.url, { ...c, sessionToken: other.sessionToken! }))).toBe('InvalidClientTokenId/403');
    expect(await errorOf(whoami(run.url, { ...c, secretAccessKey: other.secretAccessKey }))).toBe('SignatureDoesNotMatch/403');
  });

  it('refuses a request signed more than 15 minutes off the server clock', async () => {
    expect(await errorOf(whoami(run.url, EXAMPLE, 16 * 60_000))).toBe('RequestExpired/400');
  });

  it('answers ExpiredToken once issued credentials expire', async () => {
    const c = credsOf(await assume(run.url, samlResponse(idp), { duration: 900 }));
    offset = 901_000;
    try {
      // Sign at the shifted time too, so only the credential expiry is wrong.
      expect(await errorOf(whoami(run.url, c, offset))).toBe('ExpiredToken/400');
    } finally {
      offset = 0;
    }
  });
});

describe('Query protocol', () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${run.url}/`, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

  it('answers an unsigned GetCallerIdentity with MissingAuthenticationToken in an ErrorResponse', async () => {
    const res = await fetch(`${run.url}/?Action=GetCallerIdentity&Version=2011-06-15`);
    expect(res.status).toBe(403);
    const xml = await res.text();
    expect(xml).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>[^<]+<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/);
  });

  it('refuses unknown actions and wrong or missing versions with InvalidAction', async () => {
    for (const body of ['Action=Frobnicate&Version=2011-06-15', 'Action=GetCallerIdentity&Version=2012-01-01', 'Action=GetCallerIdentity', 'Version=2011-06-15', 'Action=toString&Version=2011-06-15']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(await res.text()).toContain('<Code>InvalidAction</Code>');
    }
  });

  it('reports a missing required parameter as ValidationError', async () => {
    const res = await post('Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2FDeveloper');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('<Code>ValidationError</Code>');
  });

  it('wraps success in {Op}Response/{Op}Result with ResponseMetadata/RequestId', async () => {
    const res = await post(`Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=${encodeURIComponent('arn:aws:iam::111111111111:role/Developer')}&PrincipalArn=${encodeURIComponent('arn:aws:iam::111111111111:saml-provider/sts-bridge')}&SAMLAssertion=${encodeURIComponent(samlResponse(idp))}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^<AssumeRoleWithSAMLResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><AssumeRoleWithSAMLResult>.*<\/AssumeRoleWithSAMLResult><ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata><\/AssumeRoleWithSAMLResponse>/s);
  });
});

describe('request body cap', () => {
  it('answers a body over 512 KB with an STS XML ErrorResponse', async () => {
    const res = await fetch(`${run.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=AssumeRoleWithSAML&Version=2011-06-15&SAMLAssertion=${'A'.repeat(600 * 1024)}` });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(await res.text()).toMatch(/^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>ValidationError<\/Code>.*<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>/s);
  });
});

describe('trail', () => {
  it('writes one CloudTrail-shaped line per call, without secrets', async () => {
    const saml = samlResponse(idp);
    const out = await assume(run.url, saml);
    await whoami(run.url, credsOf(out));
    await errorOf(assume(run.url, samlResponse(idp, { nameId: null })));
    await run.aws.close(); // flushes the trail (last test in this file)
    const text = readFileSync(trailFile, 'utf8');
    for (const secret of [out.Credentials!.SecretAccessKey!, out.Credentials!.SessionToken!, saml.slice(0, 40)]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/SecretAccessKey|SessionToken|SAMLAssertion/i);
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
    const mine = lines.filter((l) => l.responseElements?.credentials?.accessKeyId === out.Credentials!.AccessKeyId || l.userIdentity?.accessKeyId === out.Credentials!.AccessKeyId);
    expect(mine.map((l) => l.eventName)).toEqual(['AssumeRoleWithSAML', 'GetCallerIdentity']);
    expect(mine[0]).toMatchObject({ eventSource: 'sts.amazonaws.com', userIdentity: { type: 'SAMLUser', userName: 'alice' }, requestParameters: { roleArn: 'arn:aws:iam::111111111111:role/Developer' } });
    expect(mine[1]).toMatchObject({ userIdentity: { type: 'AssumedRole', arn: out.AssumedRoleUser!.Arn } });
    expect(lines.at(-1)).toMatchObject({ eventName: 'AssumeRoleWithSAML', errorCode: 'AccessDenied', responseElements: null });
    for (const l of lines) expect(l.requestID).toMatch(/^[0-9a-f-]{36}$/);
  });
});
