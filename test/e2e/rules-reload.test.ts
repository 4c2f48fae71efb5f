// Hot reload of the rules file: a good edit takes effect without a restart;
// a bad edit is refused with its error and the last good rules stay in force.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realIdToken } from '../helpers/id-token.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let rulesFile: string;
let carolToken: string;
const base = parseYaml(readFileSync('config/rules.yaml', 'utf8'));

beforeAll(async () => {
  stack = await startTestStack((raw) => {
    rulesFile = raw.rulesFile = join(raw.certsDir, 'rules.yaml');
    writeFileSync(rulesFile, stringify(base));
  });
  carolToken = await realIdToken(stack.devIdp!.oidcIssuer, 'carol');
});
afterAll(async () => { await stack?.stop(); });

async function carol() {
  const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: carolToken }) });
  return { status: res.status, json: (await res.json()) as Record<string, any> };
}

async function until(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const reloads = (outcome: string) => stack.audit.filter((e) => e.event === 'rules_reload' && e.outcome === outcome);

describe('rules hot reload', () => {
  it('a good edit grants a new role without a restart', async () => {
    expect((await carol()).json.error).toBe('no_roles_mapped');
    writeFileSync(rulesFile, stringify({ ...base, rules: [...base.rules, { id: 'marketing', when: { group: 'marketing' }, grant: [{ role: 'arn:aws:iam::111111111111:role/ReadOnly' }] }] }));
    await until(() => reloads('success').length > 0);
    const r = await carol();
    expect(r.status).toBe(200);
    expect(r.json.role_arn).toBe('arn:aws:iam::111111111111:role/ReadOnly');
  });

  it('a bad edit is refused with its error; the last good rules stay in force', async () => {
    writeFileSync(rulesFile, stringify({ ...base, rules: [{ id: 'broken', when: {}, grant: [{ role: 'not-an-arn-at-all-xxxxxxx' }] }] }));
    await until(() => reloads('failure').length > 0);
    expect(String(reloads('failure')[0]!.detail)).toMatch(/rules\.0/);
    expect((await carol()).status).toBe(200);
    writeFileSync(rulesFile, 'accounts: [unclosed');
    await until(() => reloads('failure').length > 1);
    expect((await carol()).status).toBe(200);
  });
});
