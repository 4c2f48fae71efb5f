// The CloudFormation and Terraform templates carry the trust-policy
// statements the bridge needs (saml:aud, sts:TagSession, sts:SetSourceIdentity,
// the pinned web identity aud/sub), equal to config/trust-policies/*.json,
// and the local STS loads them as its config.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/sts/model.js';
import { fillTemplate } from '../helpers/trust-template.js';

const VARS: Record<string, string> = { 'AWS::Partition': 'aws', 'AWS::AccountId': '111111111111', ProviderName: 'sts-bridge', RoleName: 'ReadOnly', BridgeIssuerHost: 'aws.example.com/web-identity' };
const sub = (s: string) => s.replace(/\$\{([\w:]+)\}/g, (m, k: string) => VARS[k] ?? m);
const tag = (name: string, resolve: (v: unknown) => unknown) => ({ tag: `!${name}`, resolve: (v: unknown) => resolve(v) });
const cfn = parseYaml(readFileSync('deploy/cloudformation/sts-bridge-account.yaml', 'utf8'), {
  customTags: [
    { tag: '!Sub', resolve: (v: string) => sub(v) },
    tag('Ref', (v) => VARS[String(v)] ?? `ref:${String(v)}`), tag('GetAtt', (v) => `getatt:${String(v)}`),
    { tag: '!Not', collection: 'seq', resolve: (v: unknown) => v }, { tag: '!Equals', collection: 'seq', resolve: (v: unknown) => v },
  ],
}) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

const trustOf = (name: string) => {
  const d = cfn.Resources[name]!.Properties.AssumeRolePolicyDocument;
  return typeof d === 'string' ? JSON.parse(d) : JSON.parse(JSON.stringify(d));
};

describe('CloudFormation template', () => {
  it('creates the SAML provider from the metadata and the OIDC provider with the bridge client id', () => {
    expect(cfn.Resources.BridgeSamlProvider!.Type).toBe('AWS::IAM::SAMLProvider');
    expect(cfn.Resources.BridgeOidcProvider!.Properties.ClientIdList).toEqual(['sts-bridge']);
  });

  it('the SAML role trust policy equals bridge-saml.json (saml:aud, TagSession, SetSourceIdentity)', () => {
    expect(trustOf('SamlRole')).toEqual(fillTemplate('config/trust-policies/bridge-saml.json', { Partition: 'aws', AccountId: '111111111111', ProviderName: 'sts-bridge' }));
  });

  it('the web identity role trust policy equals bridge-web-identity.json (aud and role-pinned sub)', () => {
    expect(trustOf('WebIdentityRole')).toEqual(fillTemplate('config/trust-policies/bridge-web-identity.json', {
      Partition: 'aws', AccountId: '111111111111', IssuerHost: VARS.BridgeIssuerHost!, RoleArn: 'arn:aws:iam::111111111111:role/ReadOnly-web',
    }));
  });

  it('the local STS loads both trust policies as its config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stsb-cfn-'));
    writeFileSync(join(dir, 'md.xml'), '<x/>');
    const file = join(dir, 'model.yaml');
    writeFileSync(file, stringify({ accounts: [{
      id: '111111111111',
      samlProviders: [{ name: 'sts-bridge', metadataFile: join(dir, 'md.xml') }],
      oidcProviders: [{ url: 'https://aws.example.com/web-identity', clientIds: ['sts-bridge'] }],
      roles: [{ name: 'ReadOnly', trustPolicy: { document: trustOf('SamlRole') } }, { name: 'ReadOnly-web', trustPolicy: { document: trustOf('WebIdentityRole') } }],
    }] }));
    const model = loadModel(file);
    expect([...model.roles.keys()]).toEqual(['arn:aws:iam::111111111111:role/ReadOnly', 'arn:aws:iam::111111111111:role/ReadOnly-web']);
  });
});

describe('Terraform template', () => {
  const tf = readFileSync('deploy/terraform/main.tf', 'utf8');
  const calls = [...tf.matchAll(/templatefile\("\$\{local\.trust_dir\}\/([\w-]+\.json)", \{([\s\S]*?)\}\)/g)];

  it('renders the shipped trust-policy templates with exactly the placeholders each one uses', () => {
    expect(calls.map((c) => c[1])).toEqual(['bridge-saml.json', 'bridge-web-identity.json']);
    for (const [, file, body] of calls) {
      const wanted = [...new Set([...readFileSync(`config/trust-policies/${file}`, 'utf8').matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]))].sort();
      const given = [...body!.matchAll(/^\s*(\w+)\s*=/gm)].map((m) => m[1]).sort();
      expect(given).toEqual(wanted);
    }
  });

  it('registers the SAML provider from the metadata file and the OIDC provider with the bridge client id', () => {
    expect(tf).toMatch(/resource "aws_iam_saml_provider"[\s\S]*saml_metadata_document = file\(var\.bridge_metadata_file\)/);
    expect(tf).toMatch(/client_id_list = \["sts-bridge"\]/);
  });
});
