// Mints the SAML assertion the bridge hands to AssumeRoleWithSAML for one
// chosen role. It is never given to the user: AWS thus enforces exactly the
// role the rules granted.
import { createHash } from 'node:crypto';
import type { Identity } from '../identity.js';
import type { Signer } from '../keys/signer.js';
import type { GrantedRole } from '../roles/map.js';
import { signEnveloped } from '../saml/xmlsign.js';
import { esc, isoInstant, samlId } from '../saml/xml.js';
import { samlEndpoint } from './arn.js';
import { sanitizeSessionName } from './session-name.js';
import type { SessionTag } from './tags.js';

export const ASSERTION_LIFETIME_SEC = 300;
const ATTR = 'https://aws.amazon.com/SAML/Attributes';

export interface MintInput {
  identity: Identity;
  role: GrantedRole;
  /** The bridge's entityID as published in its IdP metadata. */
  issuer: string;
  durationSec: number;
  now: number;
  /** Session tags (PrincipalTag:*, TransitiveTagKeys); the trust policy must allow sts:TagSession. */
  tags?: SessionTag[];
  /** SourceIdentity; omitted: derived from the username. `null`: none sent. */
  sourceIdentity?: string | null;
}

export interface MintedAssertion {
  /** base64 of the whole signed samlp:Response, as the STS API takes it. */
  base64: string;
  assertionId: string;
  nameId: string;
  roleSessionName: string;
  sourceIdentity: string | undefined;
  notOnOrAfter: string;
}

/** A stable, opaque, per-person NameID: not an email address, which can be reassigned. */
export function persistentNameId(id: Identity): string {
  return createHash('sha256').update(`${id.idp}\n${id.issuer}\n${id.subject}`).digest('base64url').slice(0, 32);
}

const userBase = (id: Identity) => id.username ?? id.email?.split('@')[0] ?? id.subject;

/** The AWS session name: the person's email (or username), sanitised for AWS. */
export function roleSessionNameFor(id: Identity): string {
  return sanitizeSessionName(id.email ?? userBase(id));
}

function attribute(name: string, values: string[]): string {
  const vs = values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${esc(v)}</saml:AttributeValue>`).join('');
  return `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${vs}</saml:Attribute>`;
}

export function mintAssertion(input: MintInput, signer: Signer): MintedAssertion {
  const { identity, role, issuer, durationSec, now } = input;
  const aws = samlEndpoint(role.partition);
  const responseId = samlId();
  const assertionId = samlId();
  const instant = isoInstant(now);
  const notBefore = isoInstant(now - 60_000);
  const notOnOrAfter = isoInstant(now + ASSERTION_LIFETIME_SEC * 1000);
  const nameId = persistentNameId(identity);
  const roleSessionName = roleSessionNameFor(identity);
  const sourceIdentity = input.sourceIdentity === null ? undefined : input.sourceIdentity ?? sanitizeSessionName(userBase(identity));
  const tags = input.tags ?? [];
  const transitive = tags.filter((t) => t.transitive).map((t) => t.key);
  const attrs = [
    attribute(`${ATTR}/Role`, [`${role.arn},${role.providerArn}`]),
    attribute(`${ATTR}/RoleSessionName`, [roleSessionName]),
    ...(sourceIdentity ? [attribute(`${ATTR}/SourceIdentity`, [sourceIdentity])] : []),
    attribute(`${ATTR}/SessionDuration`, [String(durationSec)]),
    ...tags.map((t) => attribute(`${ATTR}/PrincipalTag:${t.key}`, [t.value])),
    ...(transitive.length ? [attribute(`${ATTR}/TransitiveTagKeys`, transitive)] : []),
  ].join('');
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${assertionId}" Version="2.0" IssueInstant="${instant}">` +
    `<saml:Issuer>${esc(issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${esc(nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${notOnOrAfter}" Recipient="${aws}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${aws}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${isoInstant(identity.authTime * 1000)}" SessionIndex="${samlId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attrs}</saml:AttributeStatement>` +
    `</saml:Assertion>`;
  const response =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="${responseId}" Version="2.0" IssueInstant="${instant}" Destination="${aws}">` +
    `<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${esc(issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`;
  const signed = signEnveloped(response, signer, 'Assertion', assertionId);
  return { base64: Buffer.from(signed, 'utf8').toString('base64'), assertionId, nameId, roleSessionName, sourceIdentity, notOnOrAfter };
}
