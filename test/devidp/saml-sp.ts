// A node-saml service provider for the SAML tests (a second, independent
// implementation checking what our IdP emits) and the xmlsec1 wrapper.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';

export const SP_ENTITY = 'urn:test:bridge-sp';
export const ACS = 'http://127.0.0.1:9/saml/acs';
export const XMLSEC1 = '/usr/bin/xmlsec1';
export const hasXmlsec1 = existsSync(XMLSEC1);

export function makeSp(ssoUrl: string, idpCertPem: string, inResponseTo = ValidateInResponseTo.always): SAML {
  return new SAML({
    entryPoint: ssoUrl,
    issuer: SP_ENTITY,
    callbackUrl: ACS,
    idpCert: idpCertPem,
    audience: SP_ENTITY,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: inResponseTo,
    identifierFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  });
}

/** Runs `xmlsec1 --verify` on an XML document; resolves to its exit status and output. */
export async function xmlsecVerify(xml: string, certPem: string, idAttrs: string[]): Promise<{ ok: boolean; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'xmlsec-'));
  try {
    writeFileSync(join(dir, 'cert.pem'), certPem);
    writeFileSync(join(dir, 'doc.xml'), xml);
    const args = ['--verify', '--pubkey-cert-pem', join(dir, 'cert.pem'), ...idAttrs.flatMap((a) => [`--id-attr:ID`, a]), join(dir, 'doc.xml')];
    try {
      const { stdout, stderr } = await promisify(execFile)(XMLSEC1, args);
      return { ok: true, output: stdout + stderr };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      return { ok: false, output: (err.stdout ?? '') + (err.stderr ?? '') };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
