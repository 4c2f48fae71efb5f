// Device-code sign-in on a "headless" machine, `configure` writing
// credential_process profiles, awscli v2 and boto3 using them, a forced
// expiry refreshed silently, and revocation ending it all with exit code 2.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestStack } from '../helpers/stack.js';
import { awsCallerIdentity, boto3CallerIdentity, browserSignIn, expireCache, runCli, startCli, startCliStack, submitFormTo, waitFor, type Home } from './helpers.js';

let stack: TestStack;
let home: Home;
beforeAll(async () => { ({ stack, home } = await startCliStack()); });
afterAll(async () => { await stack?.stop(); });

describe('device sign-in, configure and credential_process', () => {
  it('signs in with --no-browser after the code is approved in a browser', async () => {
    const cli = startCli(['login', '--no-browser', '--output', 'none'], home.env);
    const code = await waitFor(() => /enter the code ([A-Z]{4}-[A-Z]{4})/.exec(cli.stderr())?.[1], 'the user code');
    const { client, page } = await browserSignIn(stack.bridgeUrl, `${stack.bridgeUrl}/device`, 'alice', 'dev-oidc');
    expect(new URL(page.url).pathname).toBe('/device');
    expect(page.body).toContain('approving the <b>sts-bridge command line (CLI)</b> on a device');
    // The device's description reaches the page when the code comes in the URL.
    const withCode = await client.follow(`${stack.bridgeUrl}/device?user_code=${code}`);
    expect(withCode.body).toContain(`describes itself as <b>sts-bridge CLI on ${hostname()} (${process.platform})</b>`);
    const done = await submitFormTo(client, page, '/device', { user_code: code.toLowerCase().replace('-', ' '), decision: 'approve' });
    expect(done.body).toContain('Device approved');
    const ran = await cli.done;
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stderr).toContain('Waiting for approval in the browser');
    expect(stack.audit.some((e) => e.event === 'sign_in' && e.grant === 'cli_device' && e.user === 'alice')).toBe(true);
    const status = await runCli(['status'], home.env);
    expect(JSON.parse(status.stdout)).toMatchObject({ user: 'alice', idp: 'dev-oidc' });
  });

  it('configure writes one credential_process profile per granted role, leaving the rest of the file alone', async () => {
    mkdirSync(`${home.dir}/.aws`, { recursive: true });
    writeFileSync(home.env.AWS_CONFIG_FILE!, '# mine\n[default]\nregion = eu-west-1\n\n[profile stale]\nsts_bridge_managed = true\nsts_bridge_url = ' + stack.bridgeUrl + '\nsts_bridge_role = arn:aws:iam::111111111111:role/Gone\n');
    const ran = await runCli(['configure'], home.env);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout.trim().split('\n').sort()).toEqual(['demo-dev-Admin', 'demo-dev-Developer', 'demo-prod-ReadOnly']);
    const file = readFileSync(home.env.AWS_CONFIG_FILE!, 'utf8');
    expect(file.startsWith('# mine\n[default]\nregion = eu-west-1\n')).toBe(true);
    expect(file).not.toContain('[profile stale]');
    expect(file).toContain('[profile demo-dev-Developer]\ncredential_process = ');
    expect(file).toContain('credential-process --profile demo-dev-Developer');
  });

  it('awscli v2 and boto3 get credentials through credential_process', async () => {
    expect(await awsCallerIdentity(stack.awsUrl!, home.env, ['--profile', 'demo-dev-Developer'])).toMatchObject({ Arn: 'arn:aws:sts::111111111111:assumed-role/Developer/alice@example.com' });
    expect(await boto3CallerIdentity(stack.awsUrl!, home.env, 'demo-prod-ReadOnly')).toMatchObject({ Account: '222222222222' });
    const out = await runCli(['credential-process', '--profile', 'demo-dev-Developer'], home.env);
    expect(JSON.parse(out.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/), Expiration: expect.any(String) });
  });

  it('serves from the cache, and refreshes once the cached credentials are (forced) expired', async () => {
    const calls = () => stack.audit.filter((e) => e.event === 'sts_call' && e.outcome === 'success').length;
    const before = calls();
    await awsCallerIdentity(stack.awsUrl!, home.env, ['--profile', 'demo-dev-Developer']);
    expect(calls()).toBe(before);
    expect(expireCache(home)).toBeGreaterThan(0);
    expect(await awsCallerIdentity(stack.awsUrl!, home.env, ['--profile', 'demo-dev-Developer'])).toMatchObject({ Account: '111111111111' });
    expect(calls()).toBe(before + 1);
  });

  it('exec runs a command with the credentials in its environment and passes its exit code on', async () => {
    const ok = await runCli(['exec', '--profile', 'demo-dev-Developer', '--', '/usr/bin/aws', 'sts', 'get-caller-identity', '--endpoint-url', stack.awsUrl!, '--output', 'json'], home.env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ Arn: 'arn:aws:sts::111111111111:assumed-role/Developer/alice@example.com' });
    const fails = await runCli(['exec', '--role', 'demo-dev/Developer', '--', '/bin/sh', '-c', 'test -n "$AWS_SESSION_TOKEN" && exit 7'], home.env);
    expect(fails.code).toBe(7);
  });

  it('console prints a sign-in URL only with --print, for a destination on the console', async () => {
    const ran = await runCli(['console', '--profile', 'demo-dev-Developer', '--print', '--destination', '/s3/home'], home.env);
    expect(ran.code, ran.stderr).toBe(0);
    const url = new URL(ran.stdout.trim());
    expect(url.searchParams.get('Action')).toBe('login');
    expect(url.searchParams.get('Destination')).toMatch(/\/s3\/home$/);
    const foreign = await runCli(['console', '--profile', 'demo-dev-Developer', '--print', '--destination', 'https://evil.example/'], home.env);
    expect(foreign.code).toBe(1);
  });

  it('after logout (revocation) credential_process exits 2 and never prompts', async () => {
    const token = JSON.parse(readFileSync(`${home.env.XDG_CACHE_HOME}/sts-bridge/sessions/${(await import('../../src/cli/paths.js')).fileKey(stack.bridgeUrl)}.json`, 'utf8')).token as string;
    const out = await runCli(['logout'], home.env);
    expect(out.code, out.stderr).toBe(0);
    const res = await fetch(`${stack.bridgeUrl}/api/native/roles`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    const ran = await runCli(['credential-process', '--profile', 'demo-dev-Developer'], home.env);
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toContain('sts-bridge login');
  });
});
