// doctor's end-to-end checks (issue 5): SAML IdP metadata URLs answer with the
// configured issuer and certificates; the local STS accepts a test assertion,
// minted with the bridge's signer, for each granted role — reported per role.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { checkEndToEnd } from '../../src/doctor/end-to-end.js';
import { checkSamlMetadata } from '../../src/doctor/saml-metadata.js';
import { checkRolesAssume, samlRoles } from '../../src/doctor/sts-roles.js';
import { generateSelfSigned } from '../../src/keys/certs.js';
import { loadRules, parseRules } from '../../src/roles/load.js';
import { startTestStack, testConfig, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

describe('doctor: SAML IdP metadata', () => {
  it('answers with the configured issuer and certificate', async () => {
    const s = stack.devIdp!.saml;
    const f = await checkSamlMetadata([{ id: 'dev-saml', url: s.metadataUrl, issuer: s.entityId, certs: [s.certPem] }]);
    expect(f).toEqual([expect.objectContaining({ check: 'saml-metadata', ok: true })]);
  });

  it('flags another issuer, an unknown certificate, and a URL that does not answer', async () => {
    const s = stack.devIdp!.saml;
    const other = (await generateSelfSigned('other')).certPem;
    const f = await checkSamlMetadata([
      { id: 'a', url: s.metadataUrl, issuer: 'https://idp.example/other', certs: [s.certPem] },
      { id: 'b', url: s.metadataUrl, issuer: s.entityId, certs: [other] },
      { id: 'c', url: 'http://127.0.0.1:1/metadata', issuer: s.entityId, certs: [] },
      { id: 'd', url: `${stack.bridgeUrl}/healthz`, issuer: s.entityId, certs: [] },
    ]);
    expect(f.map((x) => x.ok)).toEqual([false, false, false, false]);
  });
});

describe('doctor: the local STS accepts a test assertion for each role', () => {
  it('one finding per granted role of the shipped rules, all accepted', async () => {
    const rules = loadRules('config/rules.yaml');
    const c = stack.context;
    const f = await checkRolesAssume({ rules, sts: c.issuer.sts, signer: c.signer, entityId: c.entityId });
    expect(f).toHaveLength(samlRoles(rules).length);
    expect(samlRoles(rules).map((r) => r.arn).sort()).toEqual([
      'arn:aws:iam::111111111111:role/Admin', 'arn:aws:iam::111111111111:role/Developer',
      'arn:aws:iam::111111111111:role/ReadOnly', 'arn:aws:iam::222222222222:role/ReadOnly',
    ]);
    expect(f.every((x) => x.ok && x.check === 'sts-assume')).toBe(true);
  });

  it('names the role the STS refuses, with AWS\'s reason', async () => {
    const rules = parseRules({
      accounts: [{ id: '111111111111', samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/sts-bridge' }],
      rules: [{ id: 'x', when: { group: 'g' }, grant: [{ role: 'arn:aws:iam::111111111111:role/ReadOnly' }, { role: 'arn:aws:iam::111111111111:role/Missing' }] }],
    }, 'inline');
    const c = stack.context;
    const f = await checkRolesAssume({ rules, sts: c.issuer.sts, signer: c.signer, entityId: c.entityId });
    expect(f.map((x) => [x.ok, x.message.split(':').slice(0, 6).join(':')])).toEqual([
      [true, 'arn:aws:iam::111111111111:role/ReadOnly'],
      [false, 'arn:aws:iam::111111111111:role/Missing'],
    ]);
    expect(f[1]!.message).toMatch(/AccessDenied|ValidationError|NoSuchEntity/);
  });
});

describe('doctor: end to end on the shipped development configuration', () => {
  it('starts the embedded stack on free ports and reports metadata and every role', async () => {
    const raw = testConfig();
    const f = await checkEndToEnd(parseConfig(raw, 'test-config'), loadRules('config/rules.yaml')).finally(() => rmSync(raw.certsDir, { recursive: true, force: true }));
    expect(f.filter((x) => x.check === 'saml-metadata')).toEqual([expect.objectContaining({ ok: true })]);
    expect(f.filter((x) => x.check === 'sts-assume')).toHaveLength(4);
    expect(f.every((x) => x.ok)).toBe(true);
  });
});
