// Regression (review 2, item 1): /api/v1/web-identity/credentials skipped maxAuthAgeSec, the per-IP and per-user rate limits, and was always mounted.
// It now goes through CredentialIssuer.authorize (the same rule checks as every
// other path), is counted like token exchange, and exists only with webIdentity.enabled.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realIdToken } from '../helpers/id-token.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const A = 'arn:aws:iam::111111111111:role/';
const post = (url: string, body: Record<string, unknown>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('web identity disabled (the default)', () => {
  let stack: TestStack;
  beforeAll(async () => { stack = await startTestStack(); });
  afterAll(async () => { await stack?.stop(); });

  it('mounts neither the API nor the issuer endpoints', async () => {
    expect(stack.context.config.webIdentity.enabled).toBe(false);
    const api = await post(`${stack.bridgeUrl}/api/v1/web-identity/credentials`, { id_token: 'x', role_arn: `${A}Admin` });
    expect(api.status).toBe(404);
    expect((await fetch(`${stack.bridgeUrl}/web-identity/.well-known/openid-configuration`)).status).toBe(404);
    expect((await fetch(`${stack.bridgeUrl}/web-identity/jwks.json`)).status).toBe(404);
  });
});

describe('web identity enabled', () => {
  let stack: TestStack;
  let offsetMs = 0;
  let token: string;
  beforeAll(async () => {
    stack = await startTestStack((raw) => {
      raw.webIdentity = { enabled: true };
      raw.rateLimit = { perIp: 6, perUser: 3, windowSec: 3600 };
      const rules = parseYaml(readFileSync('config/rules.yaml', 'utf8')) as Record<string, any>;
      rules.rules.push({ id: 'web-fresh', when: { group: 'aws-admins' }, grant: [{ role: `${A}WebDev` }], maxAuthAgeSec: 300 });
      raw.rulesFile = join(raw.certsDir, 'rules.yaml');
      writeFileSync(raw.rulesFile, stringify(rules));
    }, () => Date.now() + offsetMs);
    token = await realIdToken(stack.devIdp!.oidcIssuer, 'alice');
  });
  afterAll(async () => { await stack?.stop(); });

  it('refuses a role that needs a recent sign-in to an ID token from long ago', async () => {
    offsetMs = 600_000;
    try {
      const res = await post(`${stack.bridgeUrl}/api/v1/web-identity/credentials`, { id_token: token, role_arn: `${A}WebDev` });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: string }).error).toBe('login_required');
      expect(stack.audit.some((e) => e.event === 'web_identity' && e.reason === 'login_required' && String(e.detail).startsWith('reauthentication:'))).toBe(true);
    } finally { offsetMs = 0; }
  });

  it('counts each user against the per-user limit', async () => {
    // The test above moved the clock: its request may sit in this window or
    // the next, so expect 2 or 3 more answers before the limit, never more.
    const codes: number[] = [];
    for (let i = 0; i < 5 && codes.at(-1) !== 429; i++) codes.push((await post(`${stack.bridgeUrl}/api/v1/web-identity/credentials`, { id_token: token, role_arn: `${A}WebAdmin` })).status);
    expect(codes.at(-1)).toBe(429);
    expect(codes.length - 1).toBeGreaterThanOrEqual(2);
    expect(codes.length - 1).toBeLessThanOrEqual(3);
  });

  it('counts each client IP against the per-IP limit, before reading the body', async () => {
    let last = 0;
    for (let i = 0; i < 10 && last !== 429; i++) last = (await post(`${stack.bridgeUrl}/api/v1/web-identity/credentials`, { id_token: 'not-a-token', role_arn: `${A}WebDev` })).status;
    expect(last).toBe(429);
  });
});
