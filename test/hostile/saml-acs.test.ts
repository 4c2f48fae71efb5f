// Hostile SAML at the bridge's ACS: every published attack shape, refused with
// invalid_saml_response (401) or replay_detected, no stack trace, and an audit
// event whose detail starts with a stable reason token. Two IdP configs share
// the dev IdP: `dev-saml` (Response and Assertion signed) and `dev-saml-lax`
// (Assertion signature enough, SHA-1 allowed, a decryption key configured).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicKey } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSigned } from '../../src/keys/certs.js';
import type { SigningKey } from '../../src/devidp/saml/sign.js';
import { buildAssertion, buildResponse } from '../../src/devidp/saml/response.js';
import { HttpClient } from '../helpers/http.js';
import { expectRefused } from '../helpers/refusal.js';
import { ALG, b64, forgeResponse, signRoot, stripSignatures, withExtraAssertion, xsw, type ForgeArgs, type XswShape } from '../helpers/saml-forge.js';
import { encryptAssertion } from '../helpers/saml-encrypt.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

type Idp = 'dev-saml' | 'dev-saml-lax';
let stack: TestStack;
let idpKey: SigningKey;
let attacker: SigningKey;
let spEnc: { keyPem: string; certPem: string };

beforeAll(async () => {
  attacker = await generateSelfSigned('attacker.example');
  spEnc = await generateSelfSigned('sts-bridge-sp-encryption');
  stack = await startTestStack((raw) => {
    raw.rateLimit = { perIp: 1000, perUser: 1000 };
    const keyFile = join(raw.certsDir, 'sp-encryption.key');
    writeFileSync(keyFile, spEnc.keyPem);
    const base = raw.idps.find((i: { id: string }) => i.id === 'dev-saml');
    raw.idps.push({ ...base, id: 'dev-saml-lax', wantResponseSigned: false, insecureAllowSha1: true, decryptionKeyFile: keyFile });
  });
  idpKey = { keyPem: readFileSync(join(stack.certsDir, 'dev-saml-idp.key'), 'utf8'), certPem: stack.devIdp!.saml.certPem };
});
afterAll(async () => { await stack?.stop(); });

const acs = (idp: Idp) => `${stack.bridgeUrl}/saml/acs/${idp}`;

async function startLogin(client: HttpClient, idp: Idp): Promise<string> {
  const hop = await client.request(`${stack.bridgeUrl}/login/${idp}`);
  const req = new URL(hop.headers.get('location')!).searchParams.get('SAMLRequest')!;
  return /ID="([^"]+)"/.exec(inflateRawSync(Buffer.from(req, 'base64')).toString('utf8'))![1]!;
}

function args(idp: Idp, requestId: string | undefined, over: Partial<ForgeArgs> = {}): ForgeArgs {
  return {
    idpEntityId: stack.devIdp!.saml.entityId, spEntityId: `${stack.bridgeUrl}/saml/sp`, acsUrl: acs(idp),
    now: Date.now(), nameId: 'bob-subject', groups: ['aws-readonly'], ...(requestId ? { inResponseTo: requestId } : {}), ...over,
  };
}

/** A fresh login at `idp`, then `make(requestId)` posted back as the SAMLResponse field. */
async function attempt(idp: Idp, make: (requestId: string) => string | Promise<string>, client = new HttpClient()) {
  const requestId = await startLogin(client, idp);
  const form = { SAMLResponse: await make(requestId) };
  return { client, r: await client.request(acs(idp), { form }) };
}

const signed = (idp: Idp, id: string, over: Partial<ForgeArgs> = {}) => forgeResponse(idpKey, args(idp, id, over));
const refused = (r: Awaited<ReturnType<typeof attempt>>['r'], reason: string, code = 'invalid_saml_response', status = 401) =>
  expectRefused(stack.audit, r, { status, code, reason });

describe('control: well-formed responses are accepted', () => {
  it.each(['dev-saml', 'dev-saml-lax'] as const)('%s accepts a response signed as configured', async (idp) => {
    const { r } = await attempt(idp, (id) => b64(signed(idp, id, { signed: idp === 'dev-saml' ? 'both' : 'assertion' })));
    expect(r.status).toBe(303);
  });
  it('accepts base64 with line breaks and spaces, as real IdPs send it', async () => {
    const { r } = await attempt('dev-saml', (id) => b64(signed('dev-saml', id)).replace(/(.{76})/g, '$1\r\n '));
    expect(r.status).toBe(303);
  });
  it('accepts a NotBefore within the configured clock skew', async () => {
    const { r } = await attempt('dev-saml', (id) => b64(signed('dev-saml', id, { now: Date.now() + 100_000 })));
    expect(r.status).toBe(303);
  });
  it('ignores RelayState for where to go next (no open redirect)', async () => {
    const client = new HttpClient();
    const id = await startLogin(client, 'dev-saml');
    const r = await client.request(acs('dev-saml'), { form: { SAMLResponse: b64(signed('dev-saml', id)), RelayState: 'https://evil.example/' } });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/roles');
  });
});

describe('XML signature wrapping', () => {
  const shapes: XswShape[] = ['XSW1', 'XSW2', 'XSW3', 'XSW4', 'XSW5', 'XSW6', 'XSW7', 'XSW8'];
  it.each(shapes)('%s on a fully signed response', async (shape) => {
    const { r } = await attempt('dev-saml', (id) => b64(xsw(signed('dev-saml', id), shape)));
    refused(r, 'xsw');
  });
  it.each(shapes.slice(2))('%s on an assertion-only signed response (lax IdP)', async (shape) => {
    const { r } = await attempt('dev-saml-lax', (id) => b64(xsw(signed('dev-saml-lax', id, { signed: 'assertion' }), shape)));
    refused(r, 'xsw');
  });
  it('two signed assertions', async () => {
    const { r } = await attempt('dev-saml', (id) => b64(withExtraAssertion(signed('dev-saml', id), signRoot(buildAssertion({ ...args('dev-saml', id), attributes: { email: 'a@x', name: 'A', username: 'a', groups: ['aws-admins'] } }), 'Assertion', idpKey), 'sibling')));
    refused(r, 'xsw');
  });
  it('an assertion inside an Advice', async () => {
    const extra = signRoot(buildAssertion({ ...args('dev-saml-lax', 'x'), attributes: { email: 'a@x', name: 'A', username: 'a', groups: ['aws-admins'] } }), 'Assertion', idpKey);
    const { r } = await attempt('dev-saml-lax', (id) => b64(withExtraAssertion(signed('dev-saml-lax', id, { signed: 'response' }), extra, 'advice')));
    refused(r, 'xsw');
  });
});

describe('signatures and keys', () => {
  it('signature removed', async () => refused((await attempt('dev-saml', (id) => b64(stripSignatures(signed('dev-saml', id))))).r, 'signature'));
  it('signature removed (lax IdP)', async () => refused((await attempt('dev-saml-lax', (id) => b64(stripSignatures(signed('dev-saml-lax', id))))).r, 'signature'));
  it('Response signed, Assertion not: refused (the assertion signature is always required)', async () => {
    refused((await attempt('dev-saml', (id) => b64(signed('dev-saml', id, { signed: 'response' })))).r, 'signature');
  });
  it('Assertion signed, Response not: refused where a signed Response is configured', async () => {
    refused((await attempt('dev-saml', (id) => b64(signed('dev-saml', id, { signed: 'assertion' })))).r, 'signature');
  });
  it('re-signed by an attacker key with the attacker cert in KeyInfo', async () => {
    refused((await attempt('dev-saml-lax', (id) => b64(forgeResponse(attacker, { ...args('dev-saml-lax', id), groups: ['aws-admins'], signed: 'assertion' })))).r, 'signature');
  });
  it('group changed after signing', async () => {
    refused((await attempt('dev-saml', (id) => b64(signed('dev-saml', id).replace('>aws-readonly<', '>aws-admins<')))).r, 'signature');
  });
  it('SHA-1 refused unless the IdP opts in', async () => {
    refused((await attempt('dev-saml', (id) => b64(signed('dev-saml', id, { sign: { sig: ALG.rsaSha1, digest: ALG.sha1 } })))).r, 'weak_algorithm');
    const ok = await attempt('dev-saml-lax', (id) => b64(signed('dev-saml-lax', id, { sign: { sig: ALG.rsaSha1, digest: ALG.sha1 } })));
    expect(ok.r.status).toBe(303);
  });
  it.each([
    ['MD5 signature', ALG.rsaSha256, 'http://www.w3.org/2001/04/xmldsig-more#rsa-md5'],
    ['MD5 digest', ALG.sha256, 'http://www.w3.org/2001/04/xmldsig-more#md5'],
    ['HMAC', ALG.rsaSha256, 'http://www.w3.org/2000/09/xmldsig#hmac-sha1'],
  ])('%s refused even where SHA-1 is allowed', async (_n, from, to) => {
    refused((await attempt('dev-saml-lax', (id) => b64(signed('dev-saml-lax', id).replaceAll(from, to)))).r, 'weak_algorithm');
  });
});

describe('addressing and time', () => {
  it.each([
    ['audience', { spEntityId: 'https://other-sp.example/saml' }, 'audience'],
    ['Recipient and Destination', { acsUrl: 'https://other-sp.example/acs' }, 'recipient'],
    ['Issuer', { idpEntityId: 'https://evil-idp.example' }, 'issuer'],
    ['expired', { now: Date.now() - 2 * 3600_000 }, 'time'],
    ['not yet valid', { now: Date.now() + 3600_000 }, 'time'],
  ] as const)('%s mismatch', async (_n, over, reason) => {
    refused((await attempt('dev-saml', (id) => b64(signed('dev-saml', id, over)))).r, reason);
  });
  it('Destination alone pointing elsewhere (Response signed over it)', async () => {
    const edit = (id: string) => { const a = args('dev-saml', id); const asn = signRoot(buildAssertion({ ...a, attributes: { email: 'b@x', name: 'B', username: 'bob', groups: ['aws-readonly'] } }), 'Assertion', idpKey); return b64(signRoot(buildResponse({ ...a, acsUrl: 'https://other-sp.example/acs' }, asn), 'Response', idpKey)); };
    refused((await attempt('dev-saml', edit)).r, 'destination');
  });
});

describe('InResponseTo and replay', () => {
  it('unknown InResponseTo', async () => refused((await attempt('dev-saml', () => b64(signed('dev-saml', '_unknown-request')))).r, 'in_response_to'));
  it('missing InResponseTo', async () => refused((await attempt('dev-saml', () => b64(forgeResponse(idpKey, args('dev-saml', undefined))))).r, 'in_response_to'));
  it('InResponseTo used twice', async () => {
    const client = new HttpClient();
    const id = await startLogin(client, 'dev-saml');
    expect((await client.request(acs('dev-saml'), { form: { SAMLResponse: b64(signed('dev-saml', id)) } })).status).toBe(303);
    refused(await new HttpClient().request(acs('dev-saml'), { form: { SAMLResponse: b64(signed('dev-saml', id)) } }), 'in_response_to');
  });
  it('the same assertion ID in a second, otherwise valid response', async () => {
    expect((await attempt('dev-saml', (id) => b64(signed('dev-saml', id, { assertionId: '_fixed-assertion-id' })))).r.status).toBe(303);
    refused((await attempt('dev-saml', (id) => b64(signed('dev-saml', id, { assertionId: '_fixed-assertion-id' })))).r, 'replay', 'replay_detected');
  });
});

describe('XML and encoding', () => {
  const doctype = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>';
  const laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>';
  it.each([
    ['DOCTYPE with an external entity (XXE)', (x: string) => doctype + x.replace('bob-subject', '&x;'), 'doctype'],
    ['entity expansion (billion laughs)', (x: string) => laughs + x, 'doctype'],
    ['an undeclared entity reference', (x: string) => x.replace('bob-subject', '&x;'), 'entity'],
    ['a processing instruction in NameID', (x: string) => x.replace('bob-subject', 'bob<?evil x?>-subject'), 'processing_instruction'],
    ['a second root element', (x: string) => x + '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>', 'malformed'],
  ])('%s', async (_n, edit, reason) => {
    refused((await attempt('dev-saml', (id) => b64(edit(signed('dev-saml', id))))).r, reason);
  });
  it.each([
    ['broken base64', () => 'not base64 at all <xml>', 'base64'],
    ['deflated XML where POST expects plain', (id: string) => deflateRawSync(signed('dev-saml', id)).toString('base64'), 'deflate'],
    ['an oversized payload', () => 'A'.repeat(210_000), 'too_large'],
    ['base64 of something that is not XML', () => Buffer.from('hello').toString('base64'), 'not_xml'],
  ])('%s', async (_n, make, reason) => {
    refused((await attempt('dev-saml', make)).r, reason);
  });
  it('the redirect binding at the ACS', async () => {
    const client = new HttpClient();
    const id = await startLogin(client, 'dev-saml');
    const q = encodeURIComponent(deflateRawSync(signed('dev-saml', id)).toString('base64'));
    refused(await client.request(`${acs('dev-saml')}?SAMLResponse=${q}`, { form: { x: '1' } }), 'binding');
  });
  it('a body over the parser limit is a 413, not a crash', async () => {
    const r = await new HttpClient().request(acs('dev-saml'), { form: { SAMLResponse: 'A'.repeat(300_000) } });
    expectRefused(stack.audit, r, { status: 413, code: 'invalid_request' });
  });
});

describe('comments and CDATA cannot truncate what is read (CVE-2017-11427 family)', () => {
  const lastSignIn = () => stack.audit.filter((e) => e.event === 'sign_in' && e.outcome === 'success').at(-1)!;
  it('a comment inside a group value: the whole value is read, no admin role', async () => {
    const editAssertion = (x: string) => x.replace('>aws-admins-not<', '>aws-admins<!---->-not<');
    const { r } = await attempt('dev-saml', (id) => b64(signed('dev-saml', id, { groups: ['aws-admins-not'], editAssertion })));
    expect(r.status).toBe(303);
    expect(lastSignIn().groups).toEqual(['aws-admins-not']);
  });
  it('a comment inside NameID: the subject is not truncated', async () => {
    const editAssertion = (x: string) => x.replace('>bob@example.com.evil<', '>bob@example.com<!---->.evil<');
    const { r } = await attempt('dev-saml', (id) => b64(signed('dev-saml', id, { nameId: 'bob@example.com.evil', editAssertion })));
    expect(r.status).toBe(303);
    expect(lastSignIn().subject).toBe('bob@example.com.evil');
  });
  it('CDATA inside a group value is read whole', async () => {
    const editAssertion = (x: string) => x.replace('>aws-admins-not<', '><![CDATA[aws-admins]]>-not<');
    const { r } = await attempt('dev-saml', (id) => b64(signed('dev-saml', id, { groups: ['aws-admins-not'], editAssertion })));
    expect(r.status).toBe(303);
    expect(lastSignIn().groups).toEqual(['aws-admins-not']);
  });
});

describe('encrypted assertions', () => {
  const encrypted = async (idp: Idp, id: string) => {
    const a = args(idp, id);
    const asn = signRoot(buildAssertion({ ...a, attributes: { email: 'bob@example.com', name: 'Bob', username: 'bob', groups: ['aws-readonly'] } }), 'Assertion', idpKey);
    const pub = createPublicKey(spEnc.keyPem).export({ type: 'spki', format: 'pem' }).toString();
    return b64(buildResponse(a, await encryptAssertion(asn, spEnc.certPem, pub)));
  };
  it('refused where no decryption key is configured', async () => refused((await attempt('dev-saml', (id) => encrypted('dev-saml', id))).r, 'encrypted'));
  it('decrypted with the SP key where configured', async () => {
    const { r } = await attempt('dev-saml-lax', (id) => encrypted('dev-saml-lax', id));
    expect(r.status).toBe(303);
  });
});
