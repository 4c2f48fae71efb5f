// Builds the XML the IdP emits: metadata, and the SAML Response and Assertion
// (unsigned; see sign.ts). Every value is escaped; element order follows the
// SAML 2.0 core schema so the enveloped signatures can go right after each Issuer.
import { randomBytes } from 'node:crypto';
import { certBody } from '../../keys/certs.ts';
import { NS, escapeXml as x } from './xml.ts';

export interface AssertionArgs {
  idpEntityId: string;
  spEntityId: string;
  acsUrl: string;
  /** AuthnRequest ID; absent for IdP-initiated login. */
  inResponseTo?: string;
  nameId: string;
  attributes: { email: string; name: string; username: string; groups: readonly string[] };
  now: number;
}

const FIVE_MIN = 5 * 60_000;
const SKEW = 60_000;
const BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';

/** SAML IDs are xs:ID (NCName): must not start with a digit. */
export function samlId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function attribute(name: string, values: readonly string[]): string {
  const vals = values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${x(v)}</saml:AttributeValue>`).join('');
  return `<saml:Attribute Name="${x(name)}" NameFormat="${BASIC}">${vals}</saml:Attribute>`;
}

/** The Assertion declares its own namespaces so it verifies standalone too (xmlsec1, SPs that extract it). */
export function buildAssertion(a: AssertionArgs, id = samlId()): string {
  const irt = a.inResponseTo ? ` InResponseTo="${x(a.inResponseTo)}"` : '';
  const until = iso(a.now + FIVE_MIN);
  const at = a.attributes;
  return `<saml:Assertion xmlns:saml="${NS.saml}" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${id}" Version="2.0" IssueInstant="${iso(a.now)}">`
    + `<saml:Issuer>${x(a.idpEntityId)}</saml:Issuer>`
    + `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" NameQualifier="${x(a.idpEntityId)}" SPNameQualifier="${x(a.spEntityId)}">${x(a.nameId)}</saml:NameID>`
    + `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">`
    + `<saml:SubjectConfirmationData${irt} Recipient="${x(a.acsUrl)}" NotOnOrAfter="${until}"/></saml:SubjectConfirmation></saml:Subject>`
    + `<saml:Conditions NotBefore="${iso(a.now - SKEW)}" NotOnOrAfter="${until}">`
    + `<saml:AudienceRestriction><saml:Audience>${x(a.spEntityId)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>`
    + `<saml:AuthnStatement AuthnInstant="${iso(a.now)}" SessionIndex="${samlId()}">`
    + `<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`
    + `<saml:AttributeStatement>${attribute('email', [at.email])}${attribute('name', [at.name])}`
    + `${attribute('username', [at.username])}${attribute('groups', at.groups)}</saml:AttributeStatement>`
    + `</saml:Assertion>`;
}

/** Wraps an (already signed) assertion in a samlp:Response with Status Success. */
export function buildResponse(a: Omit<AssertionArgs, 'nameId' | 'attributes'>, signedAssertion: string, id = samlId()): string {
  const irt = a.inResponseTo ? ` InResponseTo="${x(a.inResponseTo)}"` : '';
  return `<samlp:Response xmlns:samlp="${NS.samlp}" xmlns:saml="${NS.saml}" ID="${id}" Version="2.0" IssueInstant="${iso(a.now)}" Destination="${x(a.acsUrl)}"${irt}>`
    + `<saml:Issuer>${x(a.idpEntityId)}</saml:Issuer>`
    + `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`
    + signedAssertion
    + `</samlp:Response>`;
}

export interface MetadataArgs {
  entityId: string;
  ssoUrl: string;
  certPem: string;
}

/** IdP metadata: what an SP (node-saml, AWS, the bridge) needs to trust us. */
export function idpMetadata(a: MetadataArgs): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="${NS.md}" xmlns:ds="${NS.ds}" entityID="${x(a.entityId)}">
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="${NS.samlp}">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBody(a.certPem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${x(a.ssoUrl)}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${x(a.ssoUrl)}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`;
}
