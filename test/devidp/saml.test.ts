// The dev SAML IdP end to end: node-saml creates the AuthnRequest and validates
// the signed Response; xmlsec1 independently verifies the signatures.
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { ValidateInResponseTo } from '@node-saml/node-saml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForm } from '../helpers/html-form.ts';
import { HttpClient } from '../helpers/http.ts';
import { ACS, SP_ENTITY, hasXmlsec1, makeSp, xmlsecVerify } from './saml-sp.ts';
import { startIdp, type RunningIdp } from './server.ts';

const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
let run: RunningIdp;

beforeAll(async () => {
  run = await startIdp({ samlServiceProviders: [{ entityId: SP_ENTITY, acsUrls: [ACS] }] });
});
afterAll(async () => run?.stop());

/** Logs in through the form starting at `startUrl`; returns the auto-POST form (or the failed page). */
async function loginVia(startUrl: string, username: string, password: string) {
  const browser = new HttpClient();
  const page = await browser.follow(startUrl);
  expect(page.status).toBe(200);
  const form = parseForm(page.body, page.url);
  const done = await browser.request(form.action, { form: { ...form.fields, username, password } });
  return done;
}

describe('dev SAML IdP', () => {
  it('serves metadata with entityID, signing cert and both SSO bindings', async () => {
    const res = await fetch(run.idp.saml.metadataUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/xml; charset=utf-8/);
    const doc = new DOMParser().parseFromString(await res.text(), 'text/xml');
    const root = doc.documentElement!;
    expect(root.getAttribute('entityID')).toBe(run.idp.saml.entityId);
    const sso = Array.from(doc.getElementsByTagNameNS('*', 'SingleSignOnService')).map((e) => e.getAttribute('Binding'));
    expect(sso).toEqual(['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST']);
    const cert = doc.getElementsByTagNameNS('*', 'X509Certificate')[0]?.textContent ?? '';
    expect(run.idp.saml.certPem.replace(/-----[^-]+-----|\s/g, '')).toBe(cert);
  });

  it('SP-initiated login for alice: node-saml accepts the signed Response', async () => {
    const sp = makeSp(run.idp.saml.ssoUrl, run.idp.saml.certPem);
    const authUrl = await sp.getAuthorizeUrlAsync('relay-42', undefined, {});
    const done = await loginVia(authUrl, 'alice', 'alice-dev-password');
    expect(done.status).toBe(200);
    const post = parseForm(done.body, done.url);
    expect(post.action).toBe(ACS);
    expect(post.method).toBe('POST');
    expect(post.fields.RelayState).toBe('relay-42');
    expect(done.body).toMatch(/<button type="submit">Continue<\/button>/);
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: post.fields.SAMLResponse! });
    expect(profile?.issuer).toBe(run.idp.saml.entityId);
    expect(profile?.nameIDFormat).toBe('urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
    expect(profile?.nameID).not.toBe('alice');
    expect(profile?.email).toBe('alice@example.com');
    expect(profile?.username).toBe('alice');
    expect(profile?.groups).toEqual(['aws-admins', 'aws-dev']);
  });

  it.skipIf(!hasXmlsec1)('xmlsec1 verifies the assertion and the response signatures', async () => {
    const sp = makeSp(run.idp.saml.ssoUrl, run.idp.saml.certPem);
    const done = await loginVia(await sp.getAuthorizeUrlAsync('', undefined, {}), 'bob', 'bob-dev-password');
    const xml = Buffer.from(parseForm(done.body, done.url).fields.SAMLResponse!, 'base64').toString('utf8');
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const assertion = doc.getElementsByTagNameNS(ASSERTION, 'Assertion')[0] as Element;
    const alone = new XMLSerializer().serializeToString(assertion);
    const a = await xmlsecVerify(alone, run.idp.saml.certPem, [`${ASSERTION}:Assertion`]);
    expect(a.output).toContain('OK');
    expect(a.ok).toBe(true);
    const r = await xmlsecVerify(xml, run.idp.saml.certPem, ['urn:oasis:names:tc:SAML:2.0:protocol:Response', `${ASSERTION}:Assertion`]);
    expect(r.ok).toBe(true);
    const tampered = alone.replace('bob@example.com', 'eve@example.com');
    expect((await xmlsecVerify(tampered, run.idp.saml.certPem, [`${ASSERTION}:Assertion`])).ok).toBe(false);
  });

  it('IdP-initiated login produces a Response without InResponseTo that node-saml accepts', async () => {
    const sp = makeSp(run.idp.saml.ssoUrl, run.idp.saml.certPem, ValidateInResponseTo.ifPresent);
    const done = await loginVia(`${run.url}/saml/login?sp=${encodeURIComponent(SP_ENTITY)}`, 'dave', 'dave-dev-password');
    const post = parseForm(done.body, done.url);
    expect(Buffer.from(post.fields.SAMLResponse!, 'base64').toString()).not.toContain('InResponseTo');
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: post.fields.SAMLResponse! });
    expect(profile?.groups).toBe('AWS-222222222222-Auditor');
  });
});
