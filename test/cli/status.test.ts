// `sts-bridge status` asks the bridge, not just the local session file: a
// token the bridge revoked or forgot (a restart with the memory store) is
// exit 2, a bridge that cannot be reached is exit 4.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionFile } from '../../src/cli/paths.js';
import type { TestStack } from '../helpers/stack.js';
import { loopbackLogin, runCli, startCliStack, type Home } from './helpers.js';

let stack: TestStack;
let home: Home;
beforeAll(async () => { ({ stack, home } = await startCliStack()); });
afterAll(async () => { await stack?.stop(); });

/** A session file as `login` writes it, for a token the bridge may never have seen. */
function plantSession(bridgeUrl: string, token: string): string {
  const file = sessionFile(bridgeUrl, home.env);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, JSON.stringify({ bridgeUrl, token, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), user: 'alice', idp: 'dev-oidc' }), { mode: 0o600 });
  return file;
}

describe('sts-bridge status', () => {
  it('exits 2 with no session at all', async () => {
    const ran = await runCli(['status'], home.env);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
  });

  it('signed in: exits 0 with the user and the session end the bridge reports', async () => {
    const login = await loopbackLogin(stack.bridgeUrl, home, ['--output', 'none']);
    expect(login.code, login.stderr).toBe(0);
    const ran = await runCli(['status'], home.env);
    expect(ran.code, ran.stderr).toBe(0);
    const out = JSON.parse(ran.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ bridgeUrl: stack.bridgeUrl, user: 'alice', idp: 'dev-oidc', roles: 3 });
    expect(Date.parse(out.sessionExpiresAt as string)).toBeGreaterThan(Date.now());
    expect(ran.stdout).not.toContain('stsb_rt_');
  });

  it('a token the bridge no longer knows (restart, revocation) is exit 2, and the local file is dropped', async () => {
    const file = plantSession(stack.bridgeUrl, `stsb_rt_${'A'.repeat(43)}`);
    const ran = await runCli(['status'], home.env);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain('sts-bridge login');
    expect(existsSync(file)).toBe(false);
  });

  it('a bridge that cannot be reached is exit 4, and the session is kept for later', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const down = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((r) => probe.close(r));
    const file = plantSession(down, `stsb_rt_${'B'.repeat(43)}`);
    const ran = await runCli(['status', '--bridge-url', down], home.env);
    expect(ran.code).toBe(4);
    expect(ran.stderr).toContain('could not be reached');
    expect(ran.stdout).toBe('');
    expect(readFileSync(file, 'utf8')).toContain('alice');
  });
});
