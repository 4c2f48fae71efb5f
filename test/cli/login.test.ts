// `sts-bridge login` through the loopback + PKCE browser flow, with the profile
// it writes used by awscli v2; then a forced expiry and a silent re-login.
import { execFile } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '../helpers/stack.js';
import { AWS, awsCallerIdentity, boto3CallerIdentity, credentialCacheFiles, expireCache, loopbackLogin, runCli, startCliStack, type Home } from './helpers.js';

const run$ = promisify(execFile);
const DEV = 'arn:aws:iam::111111111111:role/Developer';
let stack: TestStack;
let home: Home;
beforeAll(async () => { ({ stack, home } = await startCliStack()); });
afterAll(async () => { await stack?.stop(); });

describe('sts-bridge login (browser, loopback redirect, PKCE)', () => {
  it('signs in through SAML and writes a named profile that awscli and boto3 use', async () => {
    const creds = home.env.AWS_SHARED_CREDENTIALS_FILE!;
    const { writeFileSync, mkdirSync } = await import('node:fs');
    mkdirSync(`${home.dir}/.aws`, { recursive: true });
    writeFileSync(creds, '# my keys\n[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = keep-me\n');
    const ran = await loopbackLogin(stack.bridgeUrl, home, ['--role', 'demo-dev/Developer', '--profile', 'dev', '--duration', '1h'], 'alice', 'dev-saml');
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain('Waiting for the browser sign-in');
    expect(ran.stdout).toBe('');
    const file = readFileSync(creds, 'utf8');
    expect(file).toMatch(/^# my keys\n\[other\]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = keep-me\n\n\[dev\]\n/);
    expect(ran.stderr).not.toContain(/aws_secret_access_key = (.+)/.exec(file.split('[dev]')[1]!)![1]);
    expect(await awsCallerIdentity(stack.awsUrl!, home.env, ['--profile', 'dev'])).toMatchObject({ Account: '111111111111', Arn: 'arn:aws:sts::111111111111:assumed-role/Developer/alice@example.com' });
    expect(await boto3CallerIdentity(stack.awsUrl!, home.env, 'dev')).toMatchObject({ Arn: 'arn:aws:sts::111111111111:assumed-role/Developer/alice@example.com' });
    expect(stack.audit.some((e) => e.event === 'sign_in' && e.grant === 'cli_loopback' && e.user === 'alice')).toBe(true);
    expect(stack.audit.some((e) => e.event === 'sts_call' && e.outcome === 'success' && e.role === DEV)).toBe(true);
  });

  it('gives the profile a region in the AWS config file, so awscli needs no --region', async () => {
    const config = readFileSync(home.env.AWS_CONFIG_FILE!, 'utf8');
    expect(config).toBe('[profile dev]\nregion = us-east-1\n');
    const { stdout } = await run$(AWS, ['--profile', 'dev', 'sts', 'get-caller-identity', '--endpoint-url', stack.awsUrl!, '--output', 'json'], { env: home.env });
    expect(JSON.parse(stdout)).toMatchObject({ Arn: 'arn:aws:sts::111111111111:assumed-role/Developer/alice@example.com' });
  });

  it('keeps a region already set, and every other line of the config file', async () => {
    const mine = '# mine\n[default]\nregion = eu-west-1\n\n[profile dev]\nregion = ap-south-1\noutput = json\n\n[profile other]\ns3 =\n  max_concurrent_requests = 4\n';
    writeFileSync(home.env.AWS_CONFIG_FILE!, mine);
    const again = await runCli(['login', '--profile', 'dev'], home.env);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(home.env.AWS_CONFIG_FILE!, 'utf8')).toBe(mine);
    const fresh = await runCli(['login', '--profile', 'dev2', '--role', DEV], home.env);
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).toContain(`Set region = us-east-1 for profile dev2 in ${home.env.AWS_CONFIG_FILE}`);
    expect(readFileSync(home.env.AWS_CONFIG_FILE!, 'utf8')).toBe(`${mine}\n[profile dev2]\nregion = us-east-1\n`);
    expect(statSync(home.env.AWS_CONFIG_FILE!).mode & 0o777).toBe(0o600);
  });

  it('keeps the CLI session and the cache private (0600 files, 0700 directories)', () => {
    const files = credentialCacheFiles(home);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(statSync(`${home.env.XDG_CACHE_HOME}/sts-bridge`).mode & 0o777).toBe(0o700);
    expect(statSync(home.env.AWS_SHARED_CREDENTIALS_FILE!).mode & 0o777).toBe(0o600);
  });

  it('after a forced expiry, login again refreshes the profile without a browser', async () => {
    const before = readFileSync(home.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8');
    expect(expireCache(home)).toBeGreaterThan(0);
    const ran = await runCli(['login', '--profile', 'dev', '--browser-command', '/bin/false'], home.env);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).not.toContain('Waiting for the browser');
    expect(readFileSync(home.env.AWS_SHARED_CREDENTIALS_FILE!, 'utf8')).not.toBe(before);
    expect(await awsCallerIdentity(stack.awsUrl!, home.env, ['--profile', 'dev'])).toMatchObject({ Arn: 'arn:aws:sts::111111111111:assumed-role/Developer/alice@example.com' });
  });

  it('prints shell exports and JSON only when asked', async () => {
    const bash = await runCli(['login', '--role', DEV, '--output', 'env'], home.env);
    expect(bash.code, bash.stderr).toBe(0);
    expect(bash.stdout).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA[A-Z0-9]+'\nexport AWS_SECRET_ACCESS_KEY='.+'\nexport AWS_SESSION_TOKEN='.+'\n/);
    const fish = await runCli(['login', '--role', DEV, '--output', 'env', '--shell', 'fish'], home.env);
    expect(fish.stdout).toMatch(/^set -gx AWS_ACCESS_KEY_ID 'ASIA/);
    const ps = await runCli(['login', '--role', DEV, '--output', 'env', '--shell', 'powershell'], home.env);
    expect(ps.stdout).toMatch(/^\$env:AWS_ACCESS_KEY_ID = 'ASIA/);
    const json = await runCli(['login', '--role', DEV, '--output', 'json'], home.env);
    expect(JSON.parse(json.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/), Expiration: expect.any(String) });
  });

  it('refuses a role that is not granted (exit 3) and an ambiguous choice without a terminal (exit 1)', async () => {
    const notGranted = await runCli(['login', '--role', 'arn:aws:iam::222222222222:role/Auditor', '--output', 'json'], home.env);
    expect(notGranted.code).toBe(3);
    const ambiguous = await runCli(['login', '--output', 'json'], home.env);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('demo-dev/Admin');
  });

  it('has --help on every command', async () => {
    for (const cmd of ['login', 'credential-process', 'console', 'serve', 'exec', 'configure', 'status', 'logout']) {
      const ran = await runCli([cmd, '--help'], home.env);
      expect(ran.code, cmd).toBe(0);
      expect(ran.stdout, cmd).toContain(`Usage: sts-bridge ${cmd}`);
    }
  });
});
