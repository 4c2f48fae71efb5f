// Test helpers: a throwaway IdP (key, cert, metadata), a model pointing at it,
// SAML Responses signed with xml-crypto, and a local AWS on an ephemeral port.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { generateSelfSigned, certBody } from '../../src/keys/certs.js';
import { createLocalAws, type LocalAws, type LocalAwsOptions } from '../../src/sts/index.js';

export const ENTITY_ID = 'https://idp.test/metadata';
export const ACCT = '111111111111';
export const PROVIDER = `arn:aws:iam::${ACCT}:saml-provider/sts-bridge`;
export const ROLE = (name: string, acct = ACCT): string => `arn:aws:iam::${acct}:role/${name}`;
export const ATTR = 'https://aws.amazon.com/SAML/Attributes/';

export interface Idp { dir: string; keyPem: string; certPem: string; metadataFile: string }

export async function makeIdp(entityId = ENTITY_ID): Promise<Idp> {
  const dir = mkdtempSync(join(tmpdir(), 'local-aws-'));
  const { keyPem, certPem } = await generateSelfSigned('test-idp');
  const metadataFile = join(dir, 'idp-metadata.xml');
  writeFileSync(metadataFile, metadataXml(entityId, [certPem]));
  return { dir, keyPem, certPem, metadataFile };
}

export function metadataXml(entityId: string, certs: string[]): string {
  const kds = certs.map((c) => `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certBody(c)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`).join('');
  return `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${kds}<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.test/sso"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
}

/** The demo model (config/local-aws.yaml) with the metadata path pointed at the test IdP. */
export function demoModelVars(idp: Idp): Record<string, string> {
  writeFileSync(join(idp.dir, 'bridge-idp-metadata.xml'), metadataXml(ENTITY_ID, [idp.certPem]));
  return { certDir: idp.dir, trustDir: resolve('config/trust-policies') };
}

export interface AssertionOpts {
  now?: number;
  issuer?: string;
  recipient?: string;
  audience?: string | null;
  nameId?: string | null;
  nameIdFormat?: string;
  notBefore?: number;
  notOnOrAfter?: number;
  sessionNotOnOrAfter?: number;
  /** Attribute Name (short names are prefixed with the AWS attribute URI) → values. */
  attributes?: Record<string, string[]>;
  roles?: string[];
  sessionName?: string | null;
  sign?: 'assertion' | 'response' | 'none';
  signatureAlgorithm?: string;
  digestAlgorithm?: string;
  keyPem?: string;
  extraConfirmation?: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const attrName = (n: string): string => (/^(urn:|https?:)/.test(n) ? n : ATTR + n);

export function samlResponseXml(o: AssertionOpts = {}): { xml: string; assertionId: string } {
  const now = o.now ?? Date.now();
  const aid = '_a' + randomUUID().replace(/-/g, '');
  const recipient = o.recipient ?? 'https://signin.aws.amazon.com/saml';
  const attrs: Record<string, string[]> = { Role: o.roles ?? [`${ROLE('Developer')},${PROVIDER}`], ...(o.sessionName === null ? {} : { RoleSessionName: [o.sessionName ?? 'alice@example.com'] }), ...o.attributes };
  const attrXml = Object.entries(attrs).map(([n, vs]) => `<saml:Attribute Name="${attrName(n)}">${vs.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('');
  const confirmation = `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(o.notOnOrAfter ?? now + 300_000)}" Recipient="${recipient}"/></saml:SubjectConfirmation>`;
  const nameId = o.nameId === null ? '' : `<saml:NameID Format="${o.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'}">${o.nameId ?? 'alice'}</saml:NameID>`;
  const audience = o.audience === null ? '' : `<saml:AudienceRestriction><saml:Audience>${o.audience ?? 'urn:amazon:webservices'}</saml:Audience></saml:AudienceRestriction>`;
  const sno = o.sessionNotOnOrAfter ? ` SessionNotOnOrAfter="${iso(o.sessionNotOnOrAfter)}"` : '';
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${aid}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${o.issuer ?? ENTITY_ID}</saml:Issuer>` +
    `<saml:Subject>${nameId}${confirmation}${o.extraConfirmation ? confirmation : ''}</saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(o.notBefore ?? now - 60_000)}" NotOnOrAfter="${iso(o.notOnOrAfter ?? now + 300_000)}">${audience}</saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(now)}"${sno}><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attrXml}</saml:AttributeStatement></saml:Assertion>`;
  const xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r${randomUUID().replace(/-/g, '')}" Version="2.0" IssueInstant="${iso(now)}" Destination="${recipient}">` +
    `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${o.issuer ?? ENTITY_ID}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${assertion}</samlp:Response>`;
  return { xml, assertionId: aid };
}

/** Signs the Assertion (after its Issuer) or the whole Response (after the Response Issuer). */
export function sign(xml: string, keyPem: string, what: 'assertion' | 'response', alg?: string, digest?: string): string {
  const sx = new SignedXml({ privateKey: keyPem, signatureAlgorithm: alg ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#' });
  const local = what === 'assertion' ? 'Assertion' : 'Response';
  sx.addReference({
    xpath: `//*[local-name(.)='${local}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: digest ?? 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  sx.computeSignature(xml, { prefix: 'ds', location: { reference: `//*[local-name(.)='${local}']/*[local-name(.)='Issuer']`, action: 'after' } });
  return sx.getSignedXml();
}

export function samlResponse(idp: Idp, o: AssertionOpts = {}): string {
  const { xml } = samlResponseXml(o);
  const mode = o.sign ?? 'assertion';
  const signed = mode === 'none' ? xml : sign(xml, o.keyPem ?? idp.keyPem, mode, o.signatureAlgorithm, o.digestAlgorithm);
  return Buffer.from(signed).toString('base64');
}

export interface Running { aws: LocalAws; url: string; server: Server; stop(): Promise<void> }

export async function startLocalAws(opts: Omit<LocalAwsOptions, 'publicUrl'>): Promise<Running> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const aws = await createLocalAws({ ...opts, publicUrl: url });
  server.on('request', aws.handler);
  return { aws, url, server, stop: async () => { await aws.close(); server.closeAllConnections(); await new Promise((r) => server.close(r)); } };
}
