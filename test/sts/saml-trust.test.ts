// Trust policies beyond the demo template, with a model written by the test:
// TagSession/SetSourceIdentity requirements, conditions on saml:* keys,
// regional endpoints, one-time use, and metadata with a rotated key.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSigned } from '../../src/keys/certs.js';
import { memoryStore } from '../../src/store/memory.js';
import { storeReplayCache } from '../../src/store/sts-replay.js';
import { ENTITY_ID, PROVIDER, ROLE, makeIdp, metadataXml, samlResponse, startLocalAws, type Idp, type Running } from './helpers.js';
import { assume, errorOf } from './sdk.js';

const fed = { Federated: PROVIDER };
const MODEL = (metadataFile: string): string => JSON.stringify({
  accounts: [{
    id: '111111111111',
    samlProviders: [{ name: 'sts-bridge', metadataFile }],
    roles: [
      { name: 'NoTags', trustPolicy: { document: { Statement: [{ Effect: 'Allow', Principal: fed, Action: 'sts:AssumeRoleWithSAML' }] } } },
      { name: 'Staff', trustPolicy: { document: { Statement: [{ Effect: 'Allow', Principal: fed, Action: 'sts:AssumeRoleWithSAML', Condition: {
        StringLike: { 'SAML:sub': 'a*' }, 'ForAnyValue:StringEquals': { 'saml:edupersonaffiliation': 'staff' }, StringEquals: { 'saml:iss': ENTITY_ID, 'saml:doc': '111111111111/sts-bridge' } } }] } } },
      { name: 'AnyAud', maxSessionDuration: 7200, trustPolicy: { document: { Statement: [{ Effect: 'Allow', Principal: fed, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession'], Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['Dept'] } } }] } } },
    ],
  }],
});
const pair = (role: string): string[] => [`${ROLE(role)},${PROVIDER}`];
const EDU = 'urn:oid:1.3.6.1.4.1.5923.1.1.1.1';

let idp: Idp;
let run: Running;
let strict: Running;
beforeAll(async () => {
  idp = await makeIdp();
  const rotated = await generateSelfSigned('old-idp-key');
  writeFileSync(idp.metadataFile, metadataXml(ENTITY_ID, [rotated.certPem, idp.certPem]));
  const modelFile = join(idp.dir, 'model.yaml');
  writeFileSync(modelFile, MODEL(idp.metadataFile)); // JSON is YAML
  run = await startLocalAws({ modelFile });
  strict = await startLocalAws({ modelFile, samlOneTimeUse: true });
});
afterAll(async () => { await run?.stop(); await strict?.stop(); });

describe('trust policy evaluation in AssumeRoleWithSAML', () => {
  it('needs sts:TagSession for PrincipalTag attributes and sts:SetSourceIdentity for SourceIdentity', async () => {
    expect(await errorOf(assume(run.url, samlResponse(idp, { roles: pair('NoTags') }), { role: ROLE('NoTags') }))).toBe('ok');
    expect(await errorOf(assume(run.url, samlResponse(idp, { roles: pair('NoTags'), attributes: { 'PrincipalTag:Dept': ['eng'] } }), { role: ROLE('NoTags') }))).toBe('AccessDenied/403');
    expect(await errorOf(assume(run.url, samlResponse(idp, { roles: pair('NoTags'), attributes: { SourceIdentity: ['alice'] } }), { role: ROLE('NoTags') }))).toBe('AccessDenied/403');
  });

  it('evaluates conditions on saml:sub, saml:iss, saml:doc and eduPerson attributes', async () => {
    const staff = { roles: pair('Staff'), attributes: { [EDU]: ['student', 'staff'] } };
    expect(await errorOf(assume(run.url, samlResponse(idp, staff), { role: ROLE('Staff') }))).toBe('ok');
    expect(await errorOf(assume(run.url, samlResponse(idp, { ...staff, nameId: 'bob' }), { role: ROLE('Staff') }))).toBe('AccessDenied/403');
    expect(await errorOf(assume(run.url, samlResponse(idp, { ...staff, attributes: { [EDU]: ['student'] } }), { role: ROLE('Staff') }))).toBe('AccessDenied/403');
  });

  it('accepts regional and /static/saml recipients when the trust policy does not pin saml:aud', async () => {
    for (const recipient of ['https://eu-west-1.signin.aws.amazon.com/saml', 'https://signin.aws.amazon.com/static/saml']) {
      const out = await assume(run.url, samlResponse(idp, { roles: pair('AnyAud'), recipient }), { role: ROLE('AnyAud') });
      expect(out.Audience).toBe(recipient);
    }
  });

  it('checks aws:TagKeys against the session tags', async () => {
    expect(await errorOf(assume(run.url, samlResponse(idp, { roles: pair('AnyAud'), attributes: { 'PrincipalTag:Dept': ['eng'] } }), { role: ROLE('AnyAud') }))).toBe('ok');
    expect(await errorOf(assume(run.url, samlResponse(idp, { roles: pair('AnyAud'), attributes: { 'PrincipalTag:Cost': ['1'] } }), { role: ROLE('AnyAud') }))).toBe('AccessDenied/403');
  });

  it('verifies with any of several metadata certificates', async () => {
    const other = await generateSelfSigned('stranger');
    expect(await errorOf(assume(run.url, samlResponse(idp, { roles: pair('NoTags') }), { role: ROLE('NoTags') }))).toBe('ok');
    expect(await errorOf(assume(run.url, samlResponse(idp, { roles: pair('NoTags'), keyPem: other.keyPem }), { role: ROLE('NoTags') }))).toBe('InvalidIdentityToken/400');
  });

  it('refuses a reused assertion only in strict one-time-use mode', async () => {
    const saml = samlResponse(idp, { roles: pair('NoTags') });
    expect(await errorOf(assume(strict.url, saml, { role: ROLE('NoTags') }))).toBe('ok');
    expect(await errorOf(assume(strict.url, saml, { role: ROLE('NoTags') }))).toBe('InvalidIdentityToken/400');
    expect(await errorOf(assume(run.url, saml, { role: ROLE('NoTags') }))).toBe('ok');
  });

  it('two strict instances sharing a replay cache refuse a reuse across them', async () => {
    const store = memoryStore();
    const replayCache = storeReplayCache(store, () => Date.now());
    const modelFile = join(idp.dir, 'model.yaml');
    const a = await startLocalAws({ modelFile, samlOneTimeUse: true, replayCache });
    const b = await startLocalAws({ modelFile, samlOneTimeUse: true, replayCache });
    try {
      const saml = samlResponse(idp, { roles: pair('NoTags') });
      expect(await errorOf(assume(a.url, saml, { role: ROLE('NoTags') }))).toBe('ok');
      expect(await errorOf(assume(b.url, saml, { role: ROLE('NoTags') }))).toBe('InvalidIdentityToken/400');
    } finally { await a.stop(); await b.stop(); await store.close(); }
  });
});
