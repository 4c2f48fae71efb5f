// After `npm start` restarts, the embedded local STS no longer knows the
// sessions it issued, while the CLI's cache still holds "fresh" credentials:
// `--refresh` (credential-process, exec) skips the cache and gets new ones.
// The restart is played by replacing the cached keys with ones the STS never issued.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { sessionFile } from '../../src/cli/paths.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '../helpers/stack.js';
import { awsCallerIdentity, credentialCacheFiles, loopbackLogin, runCli, startCliStack, type Home } from './helpers.js';

const PROFILE = 'demo-dev-Developer';
const FORGOTTEN = 'ASIAFORGOTTEN0000000';
let stack: TestStack;
let home: Home;
beforeAll(async () => { ({ stack, home } = await startCliStack()); });
afterAll(async () => { await stack?.stop(); });

/** Cached credentials the local STS does not know, still hours from expiry. */
function forgetAtSts(): void {
  const files = credentialCacheFiles(home);
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) {
    const c = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
    writeFileSync(f, JSON.stringify({ ...c, AccessKeyId: FORGOTTEN, SessionToken: 'forgotten-session-token' }));
  }
}

describe('--refresh after the local STS forgot its sessions', () => {
  it('signs in and caches credentials through a credential_process profile', async () => {
    expect((await loopbackLogin(stack.bridgeUrl, home, ['--output', 'none'])).code).toBe(0);
    expect((await runCli(['configure'], home.env)).code).toBe(0);
    expect(await awsCallerIdentity(stack.awsUrl!, home.env, ['--profile', PROFILE])).toMatchObject({ Account: '111111111111' });
  });

  it('credential-process --refresh replaces cached credentials the STS refuses', async () => {
    forgetAtSts();
    await expect(awsCallerIdentity(stack.awsUrl!, home.env, ['--profile', PROFILE])).rejects.toThrow(/InvalidClientTokenId|security token/i);
    const cached = await runCli(['credential-process', '--profile', PROFILE], home.env);
    expect(JSON.parse(cached.stdout).AccessKeyId).toBe(FORGOTTEN);
    const ran = await runCli(['credential-process', '--profile', PROFILE, '--refresh'], home.env);
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout).AccessKeyId).toMatch(/^ASIA(?!FORGOTTEN)/);
    expect(await awsCallerIdentity(stack.awsUrl!, home.env, ['--profile', PROFILE])).toMatchObject({ Arn: 'arn:aws:sts::111111111111:assumed-role/Developer/alice@example.com' });
  });

  it('exec --refresh does the same for the command it runs', async () => {
    forgetAtSts();
    const ran = await runCli(['exec', '--profile', PROFILE, '--refresh', '--', '/usr/bin/aws', 'sts', 'get-caller-identity', '--endpoint-url', stack.awsUrl!, '--output', 'json'], home.env);
    expect(ran.code, ran.stderr).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ Account: '111111111111' });
  });

  it('login after the bridge forgot the CLI session signs in anew instead of failing with "run login"', async () => {
    const file = sessionFile(stack.bridgeUrl, home.env);
    const s = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    writeFileSync(file, JSON.stringify({ ...s, token: `stsb_rt_${'C'.repeat(43)}` }));
    rmSync(home.urlFile, { force: true });
    const ran = await loopbackLogin(stack.bridgeUrl, home, ['--profile', 'dev', '--role', 'demo-dev/Developer']);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain('Signed in to');
    expect(await awsCallerIdentity(stack.awsUrl!, home.env, ['--profile', 'dev'])).toMatchObject({ Account: '111111111111' });
  });
});
