// Console federation: getSigninToken with issued credentials, login, /console.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoModelVars, makeIdp, samlResponse, startLocalAws, type Idp, type Running } from './helpers.js';
import { assume, credsOf, type Creds } from './sdk.js';

let idp: Idp;
let run: Running;
let offset = 0;
beforeAll(async () => {
  idp = await makeIdp();
  run = await startLocalAws({ modelFile: 'config/local-aws.yaml', vars: demoModelVars(idp), clock: () => Date.now() + offset });
});
afterAll(async () => run?.stop());

const session = (c: Creds) => JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken });
async function signinToken(c: Creds, extra = ''): Promise<Response> {
  return fetch(`${run.url}/federation?Action=getSigninToken&Session=${encodeURIComponent(session(c))}${extra}`);
}
const login = (token: string, dest = 'https://console.aws.amazon.com/ec2/') =>
  fetch(`${run.url}/federation?Action=login&Issuer=${encodeURIComponent('https://bridge.test')}&Destination=${encodeURIComponent(dest)}&SigninToken=${encodeURIComponent(token)}`, { redirect: 'manual' });

describe('federation endpoint', () => {
  it('getSigninToken + login lead to a console page showing the role', async () => {
    const c = credsOf(await assume(run.url, samlResponse(idp)));
    const res = await signinToken(c, '&SessionDuration=43200');
    expect(res.status).toBe(200);
    const { SigninToken } = (await res.json()) as { SigninToken: string };
    expect(SigninToken.length).toBeGreaterThan(20);
    const li = await login(SigninToken);
    expect(li.status).toBe(302);
    expect(li.headers.get('location')).toBe(`${run.url}/console`);
    const cookie = li.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    const page = await fetch(`${run.url}/console`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const s of ['111111111111', 'demo-dev', 'Developer', 'alice@example.com', 'https://console.aws.amazon.com/ec2/']) expect(html).toContain(s);
  });

  it('works with POST and refuses a reused token', async () => {
    const c = credsOf(await assume(run.url, samlResponse(idp)));
    const res = await fetch(`${run.url}/federation`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `Action=getSigninToken&Session=${encodeURIComponent(session(c))}` });
    const { SigninToken } = (await res.json()) as { SigninToken: string };
    expect((await login(SigninToken)).status).toBe(302);
    expect((await login(SigninToken)).status).toBe(403);
  });

  it('refuses credentials it did not issue, bad JSON and bad SessionDuration', async () => {
    const c = credsOf(await assume(run.url, samlResponse(idp)));
    expect((await signinToken({ ...c, secretAccessKey: 'x'.repeat(40) })).status).toBe(403);
    expect((await signinToken({ ...c, accessKeyId: 'ASIAAAAAAAAAAAAAAAAA' })).status).toBe(403);
    expect((await fetch(`${run.url}/federation?Action=getSigninToken&Session=notjson`)).status).toBe(400);
    expect((await signinToken(c, '&SessionDuration=60')).status).toBe(400);
    expect((await signinToken(c, '&SessionDuration=43201')).status).toBe(400);
    expect((await fetch(`${run.url}/federation?Action=nope`)).status).toBe(400);
  });

  it('refuses an unknown token, a token older than 15 minutes, and a missing cookie', async () => {
    expect((await login('not-a-token')).status).toBe(403);
    const c = credsOf(await assume(run.url, samlResponse(idp)));
    const { SigninToken } = (await (await signinToken(c, '&SessionDuration=3600')).json()) as { SigninToken: string };
    offset = 15 * 60_000 + 1000;
    try {
      expect((await login(SigninToken)).status).toBe(403);
    } finally {
      offset = 0;
    }
    expect((await login(SigninToken.slice(1), 'javascript:alert(1)')).status).toBe(400);
    expect((await fetch(`${run.url}/console`)).status).toBe(403);
    expect((await fetch(`${run.url}/console`, { headers: { cookie: 'sts_console=forged' } })).status).toBe(403);
  });

  it('refuses expired credentials', async () => {
    const c = credsOf(await assume(run.url, samlResponse(idp), { duration: 900 }));
    offset = 901_000;
    try {
      expect((await signinToken(c)).status).toBe(403);
    } finally {
      offset = 0;
    }
  });
});
