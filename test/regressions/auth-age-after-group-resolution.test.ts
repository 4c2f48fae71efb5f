// Regression (review finding 1): maxAuthAgeSec was checked before groups were
// resolved (names, transforms, directory), so a role granted only through a
// resolved group was issued to a stale sign-in. The check now lives in the
// issuer, after resolution; every path (browser, token exchange, CLI) goes there.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse as parseYaml, stringify } from 'yaml';
import { realIdToken } from '../helpers/id-token.js';
import { inputValues, signIn } from '../helpers/login.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const ADMIN = 'arn:aws:iam::111111111111:role/Admin';
let stack: TestStack;
let offsetMs = 0;
beforeAll(async () => {
  stack = await startTestStack((raw) => {
    raw.rateLimit = { perIp: 1000, perUser: 1000 };
    const rules = parseYaml(readFileSync('config/rules.yaml', 'utf8')) as Record<string, any>;
    // AD FS-style: the rule names the mapped group; the token carries the raw one.
    rules.idps = { 'dev-saml': { names: { 'aws-admins': 'platform-admins' } }, 'dev-oidc': { names: { 'aws-admins': 'platform-admins' } } };
    const admins = rules.rules.find((r: { id: string }) => r.id === 'admins');
    admins.when = { group: 'platform-admins' };
    admins.maxAuthAgeSec = 300;
    raw.rulesFile = join(raw.certsDir, 'rules.yaml');
    writeFileSync(raw.rulesFile, stringify(rules));
  }, () => Date.now() + offsetMs);
});
afterAll(async () => { await stack?.stop(); });

it('browser: a role granted through a mapped group still asks for a recent sign-in', async () => {
  const { client, page } = await signIn(stack.bridgeUrl, 'dev-saml', 'alice');
  expect(page.body).toContain('role/Admin');
  const csrf = inputValues(page.body, 'csrf')[0]!;
  offsetMs = 600_000;
  try {
    const r = await client.request(`${stack.bridgeUrl}/credentials`, { form: { csrf, role: ADMIN, duration: '900' } });
    expect(r.status).toBe(401);
    expect(r.body).not.toContain('AccessKeyId');
    expect(stack.audit.some((e) => e.reason === 'login_required' && String(e.detail).startsWith('reauthentication:') && e.role === ADMIN)).toBe(true);
  } finally { offsetMs = 0; }
});

it('token exchange: the same rule applies to an ID token signed in long ago', async () => {
  const token = await realIdToken(stack.devIdp!.oidcIssuer, 'alice');
  offsetMs = 600_000;
  try {
    const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: token, role_arn: ADMIN }) });
    const body = (await res.json()) as { error?: string };
    expect(res.status).toBe(401);
    expect(body.error).toBe('login_required');
  } finally { offsetMs = 0; }
});
