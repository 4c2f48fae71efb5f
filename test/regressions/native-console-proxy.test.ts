// Regression (review 2, item 4): /api/native/console built the console URL with global fetch, bypassing the configured proxy.
// Both console paths now share consoleUrlFor (outbound fetch, one audit shape);
// outboundFor gives one Outbound per configuration, not one per request.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCliSession } from '../../src/native/cli-session.js';
import { outboundFor } from '../../src/net/outbound.js';
import { startTestProxy, type TestProxy } from '../helpers/proxy.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let proxy: TestProxy;
beforeAll(async () => {
  proxy = await startTestProxy();
  stack = await startTestStack((raw) => { raw.network = { httpsProxy: proxy.url, noProxy: [] }; });
});
afterAll(async () => { await stack?.stop(); await proxy?.close(); });

it('the CLI console URL is fetched through the proxy', async () => {
  const now = Date.now();
  const identity = { idp: 'dev-saml', issuer: 'dev', subject: 'bob', username: 'bob', email: 'bob@example.com', groups: ['aws-readonly'], claims: {}, authTime: Math.floor(now / 1000) };
  const { token } = await createCliSession(stack.context.store, { identity, issuedAt: now, expiresAt: now + 3_600_000, grant: 'device' }, now);
  const res = await fetch(`${stack.bridgeUrl}/api/native/console`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ role_arn: 'arn:aws:iam::111111111111:role/ReadOnly' }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { url: string }).url).toContain('SigninToken=');
  expect(proxy.seen.filter((s) => s.kind === 'tunnelled' && s.method === 'POST' && s.target === `${stack.awsUrl}/federation`)).toHaveLength(1);
  expect(stack.audit.some((e) => e.event === 'console_url' && e.outcome === 'success' && e.via === 'cli')).toBe(true);
});

it('outboundFor is one instance per configuration', () => {
  expect(outboundFor(stack.context.config)).toBe(outboundFor(stack.context.config));
});
