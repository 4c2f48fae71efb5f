// Regression (review finding 3): an ID token whose email the IdP did not
// verify satisfied an `emailDomain` rule and named the AWS session, so anyone
// able to set their own address at the IdP could claim a domain's roles.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { devProviderKey, signToken } from '../helpers/id-token.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack((raw) => {
    const rules = parseYaml(readFileSync('config/rules.yaml', 'utf8')) as Record<string, any>;
    rules.rules.push({ id: 'staff', when: { emailDomain: 'example.com' }, grant: [{ role: 'arn:aws:iam::111111111111:role/ReadOnly' }] });
    raw.rulesFile = join(raw.certsDir, 'rules.yaml');
    writeFileSync(raw.rulesFile, stringify(rules));
  });
});
afterAll(async () => { await stack?.stop(); });

async function exchange(claims: Record<string, unknown>) {
  const now = Math.floor(Date.now() / 1000);
  const token = await signToken({ iss: stack.devIdp!.oidcIssuer, sub: 'self-registered', aud: 'sts-bridge', iat: now, exp: now + 300, ...claims }, await devProviderKey(stack.certsDir));
  const r = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: token }) });
  return { status: r.status, body: (await r.json()) as Record<string, string> };
}

describe('emailDomain rules trust only verified addresses', () => {
  it('refuses an unverified address', async () => {
    const r = await exchange({ email: 'ceo@example.com', email_verified: false });
    expect(r.status).toBe(403);
    expect(r.body.error).toBe('no_roles_mapped');
  });

  it('refuses an address without email_verified at all', async () => {
    expect((await exchange({ email: 'ceo@example.com' })).body.error).toBe('no_roles_mapped');
  });

  it('grants on a verified address (control)', async () => {
    const r = await exchange({ email: 'ceo@example.com', email_verified: true });
    expect(r.status).toBe(200);
    expect(r.body.assumed_role_arn).toBe('arn:aws:sts::111111111111:assumed-role/ReadOnly/ceo@example.com');
  });
});
