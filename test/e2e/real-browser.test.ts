// The sign-in journey in a real browser (Debian's chromium driven by
// playwright-core): the pages, the CSP and the redirects as a person meets them.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const CHROMIUM = '/usr/bin/chromium';
let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error('chromium is required (installed by .ci/run)');
  stack = await startTestStack();
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function signInAs(idp: 'SAML' | 'OIDC', user: string, password: string) {
  const page = await (await browser.newContext()).newPage();
  const cspErrors: string[] = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  await page.goto(`${stack.bridgeUrl}/`);
  await page.getByRole('link', { name: `Sign in with ${idp}` }).click();
  await page.locator('input[name="username"]').fill(user);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"], input[type="submit"]').first().click();
  await page.waitForURL(`${stack.bridgeUrl}/roles`);
  return { page, cspErrors };
}

describe.each(['SAML', 'OIDC'] as const)('real browser, %s', (idp) => {
  it('signs in, picks a role and gets credentials; the console button lands on the local console', async () => {
    const { page, cspErrors } = await signInAs(idp, 'alice', 'alice-dev-password');
    expect(await page.locator('h1').textContent()).toBe('Choose an AWS role');
    await page.getByLabel(/demo-dev \(111111111111\) · Developer/).check();
    await page.getByRole('button', { name: 'Get credentials' }).click();
    expect(await page.locator('h1').textContent()).toBe('Your AWS credentials');
    expect(await page.locator('#exports').textContent()).toContain('export AWS_SESSION_TOKEN=');
    await page.goBack();
    await page.reload();
    await page.getByRole('button', { name: 'Open AWS console' }).click();
    await page.waitForURL(`${stack.awsUrl}/console`);
    expect(await page.locator('body').textContent()).toContain('alice@example.com');
    expect(cspErrors).toEqual([]);
  });
});

describe('real browser, no roles', () => {
  it('shows carol a clear page', async () => {
    const { page } = await signInAs('OIDC', 'carol', 'carol-dev-password');
    expect(await page.locator('body').textContent()).toContain('No AWS roles are mapped to your account');
  });
});

describe('real browser, sign out', () => {
  it('the next person on the same browser is asked for their own password', async () => {
    const { page } = await signInAs('OIDC', 'alice', 'alice-dev-password');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${stack.bridgeUrl}/`);
    await page.getByRole('link', { name: 'Sign in with OIDC' }).click();
    await page.locator('input[name="username"]').fill('bob');
    await page.locator('input[name="password"]').fill('bob-dev-password');
    await page.locator('button[type="submit"], input[type="submit"]').first().click();
    await page.waitForURL(`${stack.bridgeUrl}/roles`);
    expect(await page.locator('header').textContent()).toContain('Signed in as bob');
  });
});
