// Regression (newcomer finding 2): a second `npm start` in the same checkout
// (other ports, same certs/) rewrote the bridge metadata the first copy's
// local STS trusts, so the first copy's STS calls failed ("Issuer not present
// in specified provider") even after the second copy stopped.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { realIdToken } from '../helpers/id-token.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

const shared = mkdtempSync(join(tmpdir(), 'stsb-shared-certs-'));
let first: TestStack;
let second: TestStack;
beforeAll(async () => {
  first = await startTestStack((raw) => { raw.certsDir = shared; });
  second = await startTestStack((raw) => { raw.certsDir = shared; });
});
afterAll(async () => { await second?.stop(); await first?.stop(); });

async function exchange(stack: TestStack): Promise<number> {
  const token = await realIdToken(stack.devIdp!.oidcIssuer, 'bob');
  const r = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: token }) });
  return r.status;
}

it('both copies keep issuing credentials', async () => {
  expect(first.bridgeUrl).not.toBe(second.bridgeUrl);
  expect(await exchange(first)).toBe(200);
  expect(await exchange(second)).toBe(200);
});
