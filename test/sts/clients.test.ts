// Third-party clients against the local AWS: awscli v2 and boto3, plus the CLI entry point.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVIDER, ROLE, demoModelVars, makeIdp, samlResponse, startLocalAws, type Idp, type Running } from './helpers.js';
import { assume, credsOf } from './sdk.js';

const run$ = promisify(execFile);
const AWS = '/usr/bin/aws';
const PY = '/usr/bin/python3';
let idp: Idp;
let run: Running;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  idp = await makeIdp();
  run = await startLocalAws({ modelFile: 'config/local-aws.yaml', vars: demoModelVars(idp) });
  // Isolated from any real AWS configuration on the machine.
  env = { PATH: '/usr/bin:/bin', HOME: mkdtempSync(join(tmpdir(), 'aws-home-')), AWS_EC2_METADATA_DISABLED: 'true', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' };
});
afterAll(async () => run?.stop());

describe('third-party clients', () => {
  it.skipIf(!existsSync(AWS))('awscli v2 assume-role-with-saml (skipped when /usr/bin/aws is absent)', async () => {
    const { stdout } = await run$(AWS, ['sts', 'assume-role-with-saml', '--endpoint-url', run.url, '--region', 'us-east-1', '--output', 'json',
      '--role-arn', ROLE('ReadOnly'), '--principal-arn', PROVIDER, '--saml-assertion', samlResponse(idp, { roles: [`${ROLE('ReadOnly')},${PROVIDER}`] })], { env });
    const out = JSON.parse(stdout) as { AssumedRoleUser: { Arn: string }; Credentials: { AccessKeyId: string } };
    expect(out.AssumedRoleUser.Arn).toBe('arn:aws:sts::111111111111:assumed-role/ReadOnly/alice@example.com');
    expect(out.Credentials.AccessKeyId).toMatch(/^ASIA/);
  });

  it.skipIf(!existsSync(PY))('boto3 get_caller_identity with issued credentials (skipped when /usr/bin/python3 is absent)', async () => {
    const c = credsOf(await assume(run.url, samlResponse(idp)));
    const script = 'import boto3, json, os\n' +
      "s = boto3.client('sts', endpoint_url=os.environ['EP'], region_name='us-east-1', aws_access_key_id=os.environ['AK'], aws_secret_access_key=os.environ['SK'], aws_session_token=os.environ['ST'])\n" +
      "r = s.get_caller_identity(); print(json.dumps({k: r[k] for k in ('UserId', 'Account', 'Arn')}))\n";
    const { stdout } = await run$(PY, ['-c', script], { env: { ...env, EP: run.url, AK: c.accessKeyId, SK: c.secretAccessKey, ST: c.sessionToken! } });
    expect(JSON.parse(stdout)).toMatchObject({ Account: '111111111111', Arn: 'arn:aws:sts::111111111111:assumed-role/Developer/alice@example.com' });
  });
});

describe('cli', () => {
  it('starts on 127.0.0.1 and prints the endpoint', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sts/cli.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => { buf += d.toString(); if (buf.includes('\n')) resolve(buf); });
        child.stderr.on('data', (d: Buffer) => { buf += d.toString(); });
        child.on('exit', () => reject(new Error(`exited: ${buf}`)));
      });
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
      const res = await fetch(`${url}/?Action=GetCallerIdentity&Version=2011-06-15`);
      expect(res.status).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
