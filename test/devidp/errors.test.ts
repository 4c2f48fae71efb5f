// The dev IdP answers bad forms and unknown paths with a small page and the
// right status: never Express's default page with a stack trace and the
// checkout's absolute paths.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdp, type RunningIdp } from './server.ts';

let run: RunningIdp;
beforeAll(async () => { run = await startIdp(); });
afterAll(async () => run?.stop());

const FORM = 'application/x-www-form-urlencoded';
const post = (path: string, body: string, type = FORM) => fetch(`${run.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

async function expectSmallPage(res: Response, status: number, says: string | RegExp): Promise<void> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = await res.text();
  expect(html).toMatch(says);
  expect(html.length).toBeLessThan(2000);
  for (const internal of [process.cwd(), 'node_modules', /\bat \S+ \(/, /Error: /, /stack/i]) expect(html).not.toMatch(internal);
}

describe('dev IdP errors', () => {
  it('a SAML login form over 256 KB is 413', async () => {
    await expectSmallPage(await post('/saml/login', `pending=${'a'.repeat(300 * 1024)}`), 413, 'The form was too large.');
  });

  it('a SAML login form in charset=utf-7 is 415', async () => {
    await expectSmallPage(await post('/saml/login', 'username=alice', `${FORM}; charset=utf-7`), 415, 'The form must be sent as UTF-8.');
  });

  it('a SAML login form with more than 20 fields is 413', async () => {
    const body = Array.from({ length: 25 }, (_, i) => `f${i}=x`).join('&');
    await expectSmallPage(await post('/saml/login', body), 413, 'The form had too many fields.');
  });

  it('an oversized OIDC interaction login form is 413', async () => {
    await expectSmallPage(await post('/oidc/interaction/x/login', `username=${'a'.repeat(64 * 1024)}`), 413, 'The form was too large.');
  });

  it('an unknown path is a 404 page', async () => {
    await expectSmallPage(await fetch(`${run.url}/nope/../../etc/passwd`), 404, 'Not found');
    await expectSmallPage(await post('/nope', 'a=b'), 404, 'Not found');
  });

  it('the favicon is an empty 204', async () => {
    const res = await fetch(`${run.url}/favicon.ico`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it('still serves its real pages', async () => {
    expect((await fetch(`${run.url}/saml/metadata`)).status).toBe(200);
    expect((await fetch(`${run.url}/oidc/.well-known/openid-configuration`)).status).toBe(200);
  });
});
