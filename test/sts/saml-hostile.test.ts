// Hostile SAML (the XML signature wrapping attacks published against SAML SPs): wrapping, KeyInfo
// substitution, tampering, comment injection, weak algorithms, malformed XML.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSigned } from '../../src/keys/certs.js';
import { verifiedAssertion } from '../../src/sts/saml/verify.js';
import { isStsError } from '../../src/sts/errors.js';
import { SignedXml } from 'xml-crypto';
import { demoModelVars, makeIdp, samlResponse, samlResponseXml, sign, startLocalAws, type Idp, type Running } from './helpers.js';
import { assume, errorOf } from './sdk.js';

let idp: Idp;
let attacker: { keyPem: string; certPem: string };
let run: Running;
beforeAll(async () => {
  idp = await makeIdp();
  attacker = await generateSelfSigned('attacker');
  run = await startLocalAws({ modelFile: 'config/local-aws.yaml', vars: demoModelVars(idp) });
});
afterAll(async () => run?.stop());

const verify = (xml: string, allowInsecureSha1 = false): string => {
  try {
    verifiedAssertion(xml, { certs: [idp.certPem], allowInsecureSha1 });
    return 'ok';
  } catch (e) {
    return isStsError(e) ? e.code : `unexpected ${String(e)}`;
  }
};
const signedAssertion = (o: Parameters<typeof samlResponseXml>[0] = {}): string => sign(samlResponseXml(o).xml, idp.keyPem, 'assertion');
/** An unsigned copy of the signed Assertion with another ID and subject. */
const evilCopy = (xml: string): string => {
  const a = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
  return a.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '').replace(/ID="[^"]+"/, 'ID="_evil"').replace('>alice<', '>admin<');
};

describe('signature checks', () => {
  it('accepts the genuine signed assertion, and SHA-1 only when explicitly allowed', () => {
    expect(verify(signedAssertion())).toBe('ok');
    const sha1 = sign(samlResponseXml().xml, idp.keyPem, 'assertion', 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', 'http://www.w3.org/2000/09/xmldsig#sha1');
    expect(verify(sha1)).toBe('InvalidIdentityToken');
    expect(verify(sha1, true)).toBe('ok');
  });

  it('refuses a signature by a key not in the metadata, even with its cert in KeyInfo', () => {
    const { xml } = samlResponseXml();
    const sx = new SignedXml({ privateKey: attacker.keyPem, publicCert: attacker.certPem, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
    sx.addReference({ xpath: "//*[local-name(.)='Assertion']", transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' });
    sx.computeSignature(xml, { prefix: 'ds', location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
    expect(sx.getSignedXml()).toContain('X509Certificate');
    expect(verify(sx.getSignedXml())).toBe('InvalidIdentityToken');
  });

  it('refuses any change to signed content', () => {
    const xml = signedAssertion();
    expect(verify(xml.replace('>alice<', '>admin<'))).toBe('InvalidIdentityToken');
    expect(verify(xml.replace(/Recipient="[^"]+"/, 'Recipient="https://signin.aws.amazon.com/static/saml"'))).toBe('InvalidIdentityToken');
  });

  it('treats an invalid Response signature as fatal even when the Assertion signature is valid', () => {
    const both = sign(signedAssertion(), idp.keyPem, 'response');
    expect(verify(both)).toBe('ok');
    expect(verify(both.replace(/Destination="[^"]+"/, 'Destination="https://evil.test/"'))).toBe('InvalidIdentityToken');
  });

  it('refuses a Response signature whose Reference points at the Assertion', () => {
    const xml = signedAssertion();
    const sig = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)![0];
    const moved = xml.replace(sig, '').replace('</saml:Issuer><samlp:Status>', `</saml:Issuer>${sig}<samlp:Status>`);
    expect(verify(moved)).toBe('InvalidIdentityToken');
  });
});

describe('XML signature wrapping', () => {
  it('XSW3: an unsigned assertion before the signed one', () => {
    const xml = signedAssertion();
    expect(verify(xml.replace('<saml:Assertion ', evilCopy(xml).replace('</saml:Assertion>', '</saml:Assertion><saml:Assertion ').replace(/<saml:Assertion $/, '')))).toBe('InvalidIdentityToken');
    expect(verify(xml.replace('</samlp:Status>', `</samlp:Status>${evilCopy(xml)}`))).toBe('InvalidIdentityToken');
  });

  it('XSW4: an unsigned assertion wrapping the signed one', () => {
    const xml = signedAssertion();
    const signedA = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0];
    const wrapper = evilCopy(xml).replace('</saml:Assertion>', `${signedA}</saml:Assertion>`);
    expect(verify(xml.replace(signedA, wrapper))).toBe('InvalidIdentityToken');
  });

  it('XSW7: an altered copy inside Extensions', () => {
    const xml = signedAssertion();
    expect(verify(xml.replace('<samlp:Status>', `<samlp:Extensions>${evilCopy(xml)}</samlp:Extensions><samlp:Status>`))).toBe('InvalidIdentityToken');
  });

  it('XSW8: a copy inside ds:Object of a Response signature', () => {
    const xml = sign(samlResponseXml().xml, idp.keyPem, 'response');
    expect(verify(xml.replace('</ds:Signature>', `<ds:Object>${evilCopy(xml)}</ds:Object></ds:Signature>`))).toBe('InvalidIdentityToken');
  });

  it('refuses duplicate IDs and extra elements outside the signed subtree', () => {
    const xml = signedAssertion();
    const id = /<saml:Assertion[^>]* ID="([^"]+)"/.exec(xml)![1];
    expect(verify(xml.replace('<samlp:Status>', `<samlp:Extensions><x ID="${id}"/></samlp:Extensions><samlp:Status>`))).toBe('InvalidIdentityToken');
  });

  it('refuses malformed documents: two roots, DOCTYPE, wrong root', () => {
    const xml = signedAssertion();
    expect(verify(xml + xml)).toBe('InvalidIdentityToken');
    expect(verify(`<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${xml}`)).toBe('InvalidIdentityToken');
    expect(verify(/<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(xml)![0])).toBe('InvalidIdentityToken');
    expect(verify('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><unclosed></samlp:Response>')).toBe('InvalidIdentityToken');
  });
});

describe('over HTTP', () => {
  it('reads NameID from the signed bytes: a comment cannot truncate it', async () => {
    const out = await assume(run.url, samlResponse(idp, { nameId: 'user@evil.test<!---->.victim.test' }));
    expect(out.Subject).toBe('user@evil.test.victim.test');
  });

  it('answers a wrapped assertion with InvalidIdentityToken', async () => {
    const xml = signedAssertion();
    const b64 = Buffer.from(xml.replace('</samlp:Status>', `</samlp:Status>${evilCopy(xml)}`)).toString('base64');
    expect(await errorOf(assume(run.url, b64))).toBe('InvalidIdentityToken/400');
  });
});
