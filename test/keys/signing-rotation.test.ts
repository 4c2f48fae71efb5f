// Rotating the AWS-facing signing certificate (SECURITY.md): metadata published
// with both certificates keeps working at AWS (here the local STS) after the
// bridge switches to the new key, and `signing.additionalCertFiles` puts the
// second certificate in the metadata.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AssumeRoleWithSAMLCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRoleArn } from '../../src/aws/arn.js';
import { mintAssertion } from '../../src/aws/assertion.js';
import { idpMetadataXml } from '../../src/aws/idp-metadata.js';
import { generateSelfSigned, certBody } from '../../src/keys/certs.js';
import { loadSigner } from '../../src/keys/load.js';
import { fileSigner, type Signer } from '../../src/keys/signer.js';
import { parseConfig } from '../../src/config/load.js';
import { startLocalAws, type Running } from '../sts/helpers.js';
import { testConfig } from '../helpers/stack.js';

const ENTITY = 'https://bridge.example.com/metadata/aws-idp.xml';
const role = { ...parseRoleArn('arn:aws:iam::111111111111:role/Admin')!, providerArn: 'arn:aws:iam::111111111111:saml-provider/sts-bridge', ruleIds: ['t'] };
const identity = { idp: 'x', issuer: 'i', subject: 's', email: 'alice@example.com', groups: [], claims: {}, authTime: Math.floor(Date.now() / 1000) };
let dir: string;
let oldPair: { keyPem: string; certPem: string };
let newPair: { keyPem: string; certPem: string };
let sts: Running;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stsb-rotate-'));
  [oldPair, newPair] = await Promise.all([generateSelfSigned('old'), generateSelfSigned('new')]);
  // Step 1: the bridge still signs with the old key and publishes both certificates.
  writeFileSync(join(dir, 'bridge-idp-metadata.xml'), idpMetadataXml(ENTITY, 'https://bridge.example.com/', fileSigner(oldPair.keyPem, oldPair.certPem, [newPair.certPem])));
  sts = await startLocalAws({ modelFile: 'config/local-aws.yaml', vars: { certDir: dir, trustDir: resolve('config/trust-policies') } });
});
afterAll(async () => { await sts?.stop(); });

async function assumeWith(signer: Signer): Promise<string> {
  const minted = mintAssertion({ identity, role, issuer: ENTITY, durationSec: 900, now: Date.now() }, signer);
  const client = new STSClient({ region: 'us-east-1', endpoint: sts.url, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  try {
    const out = await client.send(new AssumeRoleWithSAMLCommand({ RoleArn: role.arn, PrincipalArn: role.providerArn, SAMLAssertion: minted.base64, DurationSeconds: 900 }));
    return out.AssumedRoleUser!.Arn!;
  } catch (e) {
    return (e as { Error?: { Code?: string } }).Error?.Code ?? String(e);
  } finally { client.destroy(); }
}

describe('signing certificate rollover', () => {
  it('metadata from step 1 accepts the old key (before) and the new key (after the switch)', async () => {
    expect(await assumeWith(fileSigner(oldPair.keyPem, oldPair.certPem, [newPair.certPem]))).toMatch(/assumed-role\/Admin\//);
    expect(await assumeWith(fileSigner(newPair.keyPem, newPair.certPem, [oldPair.certPem]))).toMatch(/assumed-role\/Admin\//);
    const stranger = await generateSelfSigned('stranger');
    expect(await assumeWith(fileSigner(stranger.keyPem, stranger.certPem))).toBe('InvalidIdentityToken');
  });

  it('signing.additionalCertFiles publishes the extra certificate', async () => {
    for (const [name, pem] of [['key.pem', oldPair.keyPem], ['cert.pem', oldPair.certPem], ['next.pem', newPair.certPem]] as const) writeFileSync(join(dir, name), pem);
    const config = parseConfig(testConfig((c) => { c.signing = { keyFile: join(dir, 'key.pem'), certFile: join(dir, 'cert.pem'), additionalCertFiles: [join(dir, 'next.pem')] }; }), 'test');
    const md = idpMetadataXml(ENTITY, 'https://bridge.example.com/', await loadSigner(config));
    expect(md).toContain(certBody(oldPair.certPem));
    expect(md).toContain(certBody(newPair.certPem));
  });
});

describe('signing key problems name the field and file', () => {
  it('a 1024-bit key', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const weak = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(join(dir, 'weak.pem'), weak);
    writeFileSync(join(dir, 'any.crt'), newPair.certPem);
    const { fileSignerFromPaths } = await import('../../src/keys/signer.js');
    expect(() => fileSignerFromPaths(join(dir, 'weak.pem'), join(dir, 'any.crt'))).toThrow(/^signing\.keyFile .*weak\.pem .*2048 bits/);
    expect(() => fileSignerFromPaths(join(dir, 'missing.pem'), join(dir, 'any.crt'))).toThrow(/^signing\.keyFile: cannot read/);
  });
});
