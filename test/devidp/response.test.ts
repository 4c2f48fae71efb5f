// XML building and signing in isolation: hostile values stay text, both
// signatures verify with xml-crypto, and tampering breaks them.
import { DOMParser, type Element } from '@xmldom/xmldom';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignedXml } from 'xml-crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDevKeyPair } from '../../src/keys/certs.ts';
import { createDevIdp } from '../../src/devidp/index.ts';
import { issueSamlResponse } from '../../src/devidp/saml/issue.ts';
import { USERS_FILE } from './server.ts';

const dir = mkdtempSync(join(tmpdir(), 'devidp-resp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';

function verify(xml: string, el: Element, certPem: string): boolean {
  const sigNode = Array.from(el.childNodes).find((n) => (n as Element).localName === 'Signature') as Element;
  const sig = new SignedXml({ publicCert: certPem });
  sig.loadSignature(sigNode);
  return sig.checkSignature(xml);
}

describe('SAML response XML', () => {
  it('escapes hostile attribute values and signs Response and Assertion', async () => {
    const key = await ensureDevKeyPair(dir, 'k', 'test');
    const user = { username: 'eve', password: 'x', email: 'e@x.io', name: 'Eve <b>&"\'</b>', groups: ['a</saml:AttributeValue><x>', 'g&2'] };
    const pending = { spEntityId: 'urn:sp"&<', acsUrl: 'http://sp/acs?a=1&b=2', requestId: '_r1', exp: 0 };
    const { xml } = issueSamlResponse({ idpEntityId: 'urn:idp', key, subjectKey: Buffer.alloc(32), pending, user, now: Date.UTC(2026, 0, 1) });
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const values = Array.from(doc.getElementsByTagNameNS(SAML, 'AttributeValue')).map((v) => v.textContent);
    expect(values).toEqual(['e@x.io', 'Eve <b>&"\'</b>', 'eve', 'a</saml:AttributeValue><x>', 'g&2']);
    expect(doc.documentElement!.getAttribute('Destination')).toBe('http://sp/acs?a=1&b=2');
    expect(doc.getElementsByTagNameNS(SAML, 'Audience')[0]?.textContent).toBe('urn:sp"&<');
    expect(doc.getElementsByTagNameNS(SAML, 'Conditions')[0]?.getAttribute('NotBefore')).toBe('2025-12-31T23:59:00Z');
    const assertion = doc.getElementsByTagNameNS(SAML, 'Assertion')[0]!;
    // Signature sits right after Issuer, as the schema requires.
    expect((assertion.firstChild?.nextSibling as Element).localName).toBe('Signature');
    expect(verify(xml, doc.documentElement!, key.certPem)).toBe(true);
    expect(verify(xml, assertion, key.certPem)).toBe(true);
    const tampered = xml.replace('g&amp;2', 'g&amp;3');
    const tdoc = new DOMParser().parseFromString(tampered, 'text/xml');
    expect(verify(tampered, tdoc.getElementsByTagNameNS(SAML, 'Assertion')[0]!, key.certPem)).toBe(false);
  });
});

describe('createDevIdp options', () => {
  it.each(['not a url', 'ftp://h', 'http://h:1/prefix', 'http://h/?q=1'])('rejects publicUrl %s', async (publicUrl) => {
    await expect(createDevIdp({ publicUrl, usersFile: USERS_FILE, certsDir: dir, oidcClients: [], samlServiceProviders: [] }))
      .rejects.toMatchObject({ code: 'config_invalid' });
  });
});
