// What the dev SAML IdP must refuse: unknown SPs, foreign ACS URLs, DTDs,
// oversized or garbled requests, forged pending tokens, wrong passwords.
import { deflateRawSync } from 'node:zlib';
import { SAML } from '@node-saml/node-saml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseForm } from '../helpers/html-form.ts';
import { HttpClient } from '../helpers/http.ts';
import { ACS, SP_ENTITY } from './saml-sp.ts';
import { startIdp, type RunningIdp } from './server.ts';

let run: RunningIdp;
beforeAll(async () => {
  run = await startIdp({ samlServiceProviders: [{ entityId: SP_ENTITY, acsUrls: [ACS] }] });
});
afterAll(async () => run?.stop());

function spAs(issuer: string, callbackUrl: string): SAML {
  return new SAML({ entryPoint: run.idp.saml.ssoUrl, issuer, callbackUrl, idpCert: run.idp.saml.certPem });
}

const redirectUrl = (xml: string): string =>
  `${run.idp.saml.ssoUrl}?SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString('base64'))}`;

const request = (issuer: string, extra = ''): string =>
  `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z"${extra}><saml:Issuer>${issuer}</saml:Issuer></samlp:AuthnRequest>`;

describe('dev SAML IdP refuses', () => {
  it('an unknown SP with 403', async () => {
    const url = await spAs('urn:test:stranger', ACS).getAuthorizeUrlAsync('', undefined, {});
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('<form');
  });

  it('an ACS URL the SP did not register, with 403', async () => {
    const url = await spAs(SP_ENTITY, 'http://evil.example/acs').getAuthorizeUrlAsync('', undefined, {});
    expect((await fetch(url)).status).toBe(403);
  });

  it('an unknown SP on IdP-initiated login', async () => {
    expect((await fetch(`${run.url}/saml/login?sp=urn:nobody`)).status).toBe(403);
  });

  it('a DOCTYPE, garbage, and a non-POST ProtocolBinding with 400', async () => {
    const dtd = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "${SP_ENTITY}">]>${request('&e;')}`;
    expect((await fetch(redirectUrl(dtd))).status).toBe(400);
    expect((await fetch(`${run.idp.saml.ssoUrl}?SAMLRequest=bm90LWRlZmxhdGU=`)).status).toBe(400);
    const artifact = request(SP_ENTITY, ' ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"');
    expect((await fetch(redirectUrl(artifact))).status).toBe(400);
  });

  it('a request that inflates past the size cap', async () => {
    const big = request(SP_ENTITY).replace('</samlp:AuthnRequest>', `<x>${'a'.repeat(200_000)}</x></samlp:AuthnRequest>`);
    expect((await fetch(redirectUrl(big))).status).toBe(400);
  });

  it('accepts the HTTP-POST binding (plain base64) and shows the form', async () => {
    const res = await new HttpClient().request(run.idp.saml.ssoUrl, { form: { SAMLRequest: Buffer.from(request(SP_ENTITY)).toString('base64'), RelayState: 'r' } });
    expect(res.status).toBe(200);
    expect(parseForm(res.body, res.url).fields.pending).toMatch(/\./);
  });

  it('a wrong password with 401 (no password echoed) and a forged pending token with 400', async () => {
    const browser = new HttpClient();
    const page = await browser.request(redirectUrl(request(SP_ENTITY)));
    const form = parseForm(page.body, page.url);
    const wrong = await browser.request(form.action, { form: { ...form.fields, username: 'alice', password: 'guess-<b>' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('Wrong username or password');
    expect(wrong.body).not.toContain('guess-');
    expect(wrong.body).not.toContain('SAMLResponse');
    const odd = await browser.request(form.action, { form: { ...form.fields, username: '<i>x"', password: 'p' } });
    expect(odd.status).toBe(401);
    expect(odd.body).toContain('value="&#60;i&#62;x&#34;"');
    expect(odd.body).not.toContain('<i>x');
    const forged = form.fields.pending!.replace(/^./, (c) => (c === 'e' ? 'f' : 'e'));
    const bad = await browser.request(form.action, { form: { pending: forged, username: 'alice', password: 'alice-dev-password' } });
    expect(bad.status).toBe(400);
  });
});
