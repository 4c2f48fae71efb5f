// `sts-bridge serve`: the container-credentials endpoint the SDKs read from
// AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN,
// used by awscli v2 and boto3, and still serving after a forced expiry.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../helpers/stack.js';
import { awsCallerIdentity, boto3CallerIdentity, expireCache, loopbackLogin, makeHome, runCli, startCli, waitFor, type Home } from './helpers.js';

let stack: TestStack;
let home: Home;
let server: ReturnType<typeof startCli> | undefined;
let sdkEnv: NodeJS.ProcessEnv;
let uri: string;
let token: string;
beforeAll(async () => {
  stack = await startTestStack();
  home = makeHome(stack.bridgeUrl);
  const ran = await loopbackLogin(stack.bridgeUrl, home, ['--output', 'none'], 'bob');
  expect(ran.code, ran.stderr).toBe(0);
});
afterAll(async () => { server?.kill(); await server?.done; await stack?.stop(); });

describe('sts-bridge serve', () => {
  it('starts on loopback and prints the URI, with the token only in a 0600 file', async () => {
    const tokenFile = join(home.dir, 'container-token');
    server = startCli(['serve', '--role', 'arn:aws:iam::111111111111:role/ReadOnly', '--token-file', tokenFile], home.env);
    const line = await waitFor(() => /Serving credentials/.test(server!.stderr()) ? server!.stderr() : undefined, 'the endpoint');
    uri = /http:\/\/127\.0\.0\.1:\d+\/credentials/.exec(line)![0];
    token = readFileSync(tokenFile, 'utf8');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    expect(line).not.toContain(token);
    // No credentials in the shared files: the SDKs must use the endpoint.
    sdkEnv = { ...home.env, AWS_CONTAINER_CREDENTIALS_FULL_URI: uri, AWS_CONTAINER_AUTHORIZATION_TOKEN: token, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' };
  });

  it('refuses a request without the authorization token', async () => {
    expect((await fetch(uri)).status).toBe(401);
    expect((await fetch(uri, { headers: { authorization: 'wrong' } })).status).toBe(401);
    const ok = await fetch(uri, { headers: { authorization: token } });
    expect(await ok.json()).toMatchObject({ AccessKeyId: expect.stringMatching(/^ASIA/), Token: expect.any(String), Expiration: expect.any(String) });
  });

  it('awscli v2 and boto3 pick the credentials up from the endpoint', async () => {
    expect(await awsCallerIdentity(stack.awsUrl!, sdkEnv)).toMatchObject({ Arn: 'arn:aws:sts::111111111111:assumed-role/ReadOnly/bob@example.com' });
    expect(await boto3CallerIdentity(stack.awsUrl!, sdkEnv)).toMatchObject({ Arn: 'arn:aws:sts::111111111111:assumed-role/ReadOnly/bob@example.com' });
  });

  it('refreshes after the cached credentials are forced to expire', async () => {
    const before = (await (await fetch(uri, { headers: { authorization: token } })).json()) as { AccessKeyId: string };
    expect(expireCache(home)).toBe(1);
    const after = (await (await fetch(uri, { headers: { authorization: token } })).json()) as { AccessKeyId: string; Expiration: string };
    expect(after.AccessKeyId).not.toBe(before.AccessKeyId);
    expect(Date.parse(after.Expiration)).toBeGreaterThan(Date.now() + 5 * 60_000);
    expect(await awsCallerIdentity(stack.awsUrl!, sdkEnv)).toMatchObject({ Account: '111111111111' });
  });

  it('refuses a host the SDKs would not accept over plain http', async () => {
    const ran = await runCli(['serve', '--role', 'arn:aws:iam::111111111111:role/ReadOnly', '--host', '0.0.0.0'], home.env);
    expect(ran.code).toBe(1);
  });
});
