// Clients nobody on this project wrote, against the local STS: Debian's awscli v2
// (/usr/bin/aws, not a pyenv shim earlier on PATH) and python3-boto3
// (/usr/bin/python3), each isolated from any AWS configuration on the machine.
// Every credential-issuing call is followed by GetCallerIdentity with its result.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localTarget } from './conformance/local-target.js';
import { EXTERNAL_ID } from './conformance/roles.js';
import type { Target } from './conformance/target.js';

const exec = promisify(execFile);
const AWS = '/usr/bin/aws';
const PY = '/usr/bin/python3';
const hasBoto3 = existsSync(PY) && existsSync('/usr/lib/python3/dist-packages/boto3');
let t: Target;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  t = await localTarget();
  const home = mkdtempSync(join(tmpdir(), 'aws-home-'));
  writeFileSync(join(home, 'config'), '[default]\nregion = us-east-1\n');
  writeFileSync(join(home, 'credentials'), '');
  env = { PATH: '/usr/bin:/bin', HOME: home, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true', AWS_PAGER: '' };
}, 60_000);
afterAll(async () => t?.close());

interface Out { Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }; AssumedRoleUser?: { Arn: string }; FederatedUser?: { Arn: string } }
type Keys = { AccessKeyId: string; SecretAccessKey: string; SessionToken?: string };
const keyEnv = (k: Keys): NodeJS.ProcessEnv => ({ AWS_ACCESS_KEY_ID: k.AccessKeyId, AWS_SECRET_ACCESS_KEY: k.SecretAccessKey, ...(k.SessionToken ? { AWS_SESSION_TOKEN: k.SessionToken } : {}) });
const userKeys = (): Keys => ({ AccessKeyId: t.user.accessKeyId, SecretAccessKey: t.user.secretAccessKey });

async function cli(args: string[], keys?: Keys): Promise<Out & { Arn?: string }> {
  const { stdout } = await exec(AWS, ['sts', ...args, '--endpoint-url', t.endpoint!, '--region', 'us-east-1', '--output', 'json'], { env: { ...env, ...(keys ? keyEnv(keys) : {}) } });
  return JSON.parse(stdout) as Out & { Arn?: string };
}
const cliWhoami = async (o: Out): Promise<string> => (await cli(['get-caller-identity'], o.Credentials)).Arn!;

describe.skipIf(!existsSync(AWS))('awscli v2 (/usr/bin/aws)', () => {
  const arn = (role: string, session: string) => `arn:aws:sts::${t.account}:assumed-role/${role}/${session}`;

  it('assume-role with and without ExternalId, then role chaining', async () => {
    const [basic, partner] = await Promise.all([
      cli(['assume-role', '--role-arn', t.role('Basic'), '--role-session-name', 'cli'], userKeys()),
      cli(['assume-role', '--role-arn', t.role('Partner'), '--role-session-name', 'cli-ext', '--external-id', EXTERNAL_ID], userKeys()),
    ]);
    const chained = await cli(['assume-role', '--role-arn', t.role('Chained'), '--role-session-name', 'cli-chain'], basic.Credentials);
    const arns = await Promise.all([basic, partner, chained].map(cliWhoami));
    expect(arns).toEqual([arn('Basic', 'cli'), arn('Partner', 'cli-ext'), arn('Chained', 'cli-chain')]);
  }, 60_000);

  it('assume-role-with-saml and assume-role-with-web-identity (unsigned)', async () => {
    const [saml, web] = await Promise.all([
      cli(['assume-role-with-saml', '--role-arn', t.role('Saml'), '--principal-arn', t.saml!.provider, '--saml-assertion', t.saml!.assertion()]),
      cli(['assume-role-with-web-identity', '--role-arn', t.role('Web'), '--role-session-name', 'cli-web', '--web-identity-token', await t.oidc!.token()]),
    ]);
    expect(await Promise.all([saml, web].map(cliWhoami))).toEqual([arn('Saml', 'alice@example.com'), arn('Web', 'cli-web')]);
  }, 60_000);

  it('get-session-token with an MFA code, get-federation-token', async () => {
    const [session, fed] = await Promise.all([
      cli(['get-session-token', '--duration-seconds', '900', '--serial-number', t.mfa!.serial, '--token-code', await t.mfa!.code()], userKeys()),
      cli(['get-federation-token', '--name', 'cli-fed', '--policy', '{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'], userKeys()),
    ]);
    expect(await Promise.all([session, fed].map(cliWhoami))).toEqual([t.userArn, `arn:aws:sts::${t.account}:federated-user/cli-fed`]);
  }, 60_000);
});

// One Python process runs every flow; inputs arrive as JSON on stdin.
const BOTO3 = `
import boto3, json, sys
i = json.load(sys.stdin)
def client(k=None):
    kw = dict(aws_access_key_id=k['AccessKeyId'], aws_secret_access_key=k['SecretAccessKey'], aws_session_token=k.get('SessionToken')) if k else {}
    return boto3.client('sts', endpoint_url=i['endpoint'], region_name='us-east-1', **kw)
def who(r): return client(r['Credentials'])
user = client(i['user'])
out = {}
basic = user.assume_role(RoleArn=i['roles']['Basic'], RoleSessionName='boto3')
out['basic'] = who(basic).get_caller_identity()['Arn']
out['external'] = who(user.assume_role(RoleArn=i['roles']['Partner'], RoleSessionName='boto3-ext', ExternalId=i['externalId'])).get_caller_identity()['Arn']
out['chained'] = who(who(basic).assume_role(RoleArn=i['roles']['Chained'], RoleSessionName='boto3-chain')).get_caller_identity()['Arn']
anon = boto3.client('sts', endpoint_url=i['endpoint'], region_name='us-east-1', config=boto3.session.Config(signature_version=__import__('botocore').UNSIGNED))
out['saml'] = who(anon.assume_role_with_saml(RoleArn=i['roles']['Saml'], PrincipalArn=i['samlProvider'], SAMLAssertion=i['saml'])).get_caller_identity()['Arn']
out['web'] = who(anon.assume_role_with_web_identity(RoleArn=i['roles']['Web'], RoleSessionName='boto3-web', WebIdentityToken=i['token'])).get_caller_identity()['Arn']
out['session'] = who(user.get_session_token(DurationSeconds=900, SerialNumber=i['mfaSerial'], TokenCode=i['mfaCode'])).get_caller_identity()['Arn']
out['federation'] = who(user.get_federation_token(Name='boto3-fed')).get_caller_identity()['Arn']
print(json.dumps(out))
`;

describe.skipIf(!hasBoto3)('python3-boto3 (/usr/bin/python3)', () => {
  it('runs every flow and GetCallerIdentity with each result', async () => {
    const input = {
      endpoint: t.endpoint, user: userKeys(), externalId: EXTERNAL_ID, samlProvider: t.saml!.provider, saml: t.saml!.assertion(), token: await t.oidc!.token(),
      mfaSerial: t.mfa!.serial, mfaCode: await t.mfa!.code(), roles: Object.fromEntries(['Basic', 'Partner', 'Chained', 'Saml', 'Web'].map((n) => [n, t.role(n as 'Basic')])),
    };
    const child = execFile(PY, ['-c', BOTO3], { env });
    child.stdin!.end(JSON.stringify(input));
    const stdout = await new Promise<string>((resolve, reject) => {
      let out = '', err = '';
      child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
      child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`python3 exited ${code}: ${err}`))));
    });
    const a = (r: string, s: string) => `arn:aws:sts::${t.account}:assumed-role/${r}/${s}`;
    expect(JSON.parse(stdout)).toEqual({
      basic: a('Basic', 'boto3'), external: a('Partner', 'boto3-ext'), chained: a('Chained', 'boto3-chain'), saml: a('Saml', 'alice@example.com'),
      web: a('Web', 'boto3-web'), session: t.userArn, federation: `arn:aws:sts::${t.account}:federated-user/boto3-fed`,
    });
  }, 60_000);
});
