// Runs the real `bin/sts-bridge` against a test stack, in a private HOME, with
// a stand-in "browser" that writes the URL it is handed to a file; the test
// then plays the person in the browser with the cookie-jar client.
import { execFile, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { HttpClient, type Hop } from '../helpers/http.js';
import { parseForm } from '../helpers/html-form.js';
import { signIn } from '../helpers/login.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

export const BIN = resolve('bin/sts-bridge');
export const AWS = '/usr/bin/aws';
export const PY = '/usr/bin/python3';
const run$ = promisify(execFile);

export interface Home { dir: string; env: NodeJS.ProcessEnv; urlFile: string; browser: string }

export function makeHome(bridgeUrl: string): Home {
  const dir = mkdtempSync(join(tmpdir(), 'stsb-cli-'));
  const urlFile = join(dir, 'browser-url');
  const browser = join(dir, 'fake-browser');
  writeFileSync(browser, '#!/bin/sh\nprintf "%s" "$1" > "$STS_TEST_URL_FILE"\n');
  chmodSync(browser, 0o755);
  const env: NodeJS.ProcessEnv = {
    // Node first for the bin's shebang; then Debian's awscli v2 and python, never pyenv's.
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, HOME: dir, XDG_CONFIG_HOME: join(dir, '.config'), XDG_CACHE_HOME: join(dir, '.cache'),
    AWS_CONFIG_FILE: join(dir, '.aws', 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, '.aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '', STS_BRIDGE_URL: bridgeUrl, STS_TEST_URL_FILE: urlFile,
  };
  return { dir, env, urlFile, browser };
}

export interface Ran { code: number | null; stdout: string; stderr: string }

/** Starts the CLI; `done` resolves when it exits. */
export function startCli(args: string[], env: NodeJS.ProcessEnv): { done: Promise<Ran>; stderr: () => string; kill: () => void } {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const done = new Promise<Ran>((res) => child.on('close', (code) => res({ code, stdout, stderr })));
  return { done, stderr: () => stderr, kill: () => child.kill('SIGTERM') };
}

export const runCli = (args: string[], env: NodeJS.ProcessEnv) => startCli(args, env).done;

export async function waitFor<T>(get: () => T | undefined, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The person in the browser: opens the URL, signs in at the dev IdP, lands back on the flow's page. */
export async function browserSignIn(bridgeUrl: string, url: string, user = 'alice', idp: 'dev-oidc' | 'dev-saml' = 'dev-oidc'): Promise<{ client: HttpClient; page: Hop }> {
  const client = new HttpClient();
  await client.follow(url);
  return signIn(bridgeUrl, idp, user, client);
}

/** Submits the page's form posting to `action` (the layout's sign-out form comes first). */
export async function submitFormTo(client: HttpClient, page: Hop, action: string, fields: Record<string, string> = {}, nth = 0): Promise<Hop & { location?: string }> {
  const forms = [...page.body.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/gi)].map((m) => m[0]).filter((f) => f.includes(`action="${action}"`));
  const form = parseForm(forms[nth] ?? '', page.url);
  return client.follow(form.action, { method: form.method, form: { ...form.fields, ...fields } });
}

/** A full loopback login: the CLI opens the fake browser, the test signs in and allows. */
export async function loopbackLogin(bridgeUrl: string, home: Home, args: string[], user = 'alice', idp: 'dev-oidc' | 'dev-saml' = 'dev-oidc'): Promise<Ran> {
  const cli = startCli(['login', '--browser-command', home.browser, ...args], home.env);
  const url = await waitFor(() => (existsSync(home.urlFile) ? readFileSync(home.urlFile, 'utf8') : undefined), 'the browser URL');
  const { client, page } = await browserSignIn(bridgeUrl, url, user, idp);
  if (!page.url.includes('/native/authorize')) throw new Error(`not back at the authorize page: ${page.url}`);
  await submitFormTo(client, page, '/native/authorize');
  return cli.done;
}

export const credentialCacheFiles = (home: Home) => {
  const dir = join(home.env.XDG_CACHE_HOME!, 'sts-bridge', 'credentials');
  return existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [];
};

/** Pushes every cached Expiration into the past, as if the credentials had run out. */
export function expireCache(home: Home): number {
  const files = credentialCacheFiles(home);
  for (const f of files) {
    const c = JSON.parse(readFileSync(f, 'utf8')) as Record<string, unknown>;
    writeFileSync(f, JSON.stringify({ ...c, Expiration: new Date(Date.now() - 60_000).toISOString() }));
  }
  return files.length;
}

export async function awsCallerIdentity(awsUrl: string, env: NodeJS.ProcessEnv, extra: string[] = []): Promise<{ Account: string; Arn: string }> {
  const { stdout } = await run$(AWS, ['sts', 'get-caller-identity', '--endpoint-url', awsUrl, '--region', 'us-east-1', '--output', 'json', ...extra], { env });
  return JSON.parse(stdout) as { Account: string; Arn: string };
}

export async function boto3CallerIdentity(awsUrl: string, env: NodeJS.ProcessEnv, profile?: string): Promise<{ Account: string; Arn: string }> {
  const script = "import boto3, json, os, sys\n" +
    "s = boto3.Session(profile_name=sys.argv[2] or None, region_name='us-east-1').client('sts', endpoint_url=sys.argv[1])\n" +
    "r = s.get_caller_identity(); print(json.dumps({k: r[k] for k in ('Account', 'Arn')}))\n";
  const { stdout } = await run$(PY, ['-c', script, awsUrl, profile ?? ''], { env });
  return JSON.parse(stdout) as { Account: string; Arn: string };
}

/** The embedded stack and a private HOME for one CLI test file. */
export async function startCliStack(): Promise<{ stack: TestStack; home: Home }> {
  const stack = await startTestStack();
  return { stack, home: makeHome(stack.bridgeUrl) };
}
