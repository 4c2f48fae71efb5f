// Builds a SAMLResponse as a corporate IdP would address it to AWS (Recipient,
// Destination and Audience are AWS's; Role and RoleSessionName attributes),
// signed with the dev SAML IdP's real key through its own response/sign modules.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildAssertion, buildResponse, idpMetadata } from '../../src/devidp/saml/response.js';
import { signAssertion, signResponse } from '../../src/devidp/saml/sign.js';
import { escapeXml } from '../../src/devidp/saml/xml.js';
import type { TestStack } from './stack.js';

export const AWS_SAML = 'https://signin.aws.amazon.com/saml';
const ATTR = 'https://aws.amazon.com/SAML/Attributes/';

const attribute = (name: string, values: string[]) =>
  `<saml:Attribute Name="${escapeXml(name)}">${values.map((v) => `<saml:AttributeValue>${escapeXml(v)}</saml:AttributeValue>`).join('')}</saml:Attribute>`;

/** The dev IdP's metadata in a file, as an admin uploads it to an IAM SAML provider. */
export function writeDevIdpMetadata(stack: TestStack, file: string): void {
  writeFileSync(file, idpMetadata({ entityId: stack.devIdp!.saml.entityId, ssoUrl: stack.devIdp!.saml.ssoUrl, certPem: stack.devIdp!.saml.certPem }));
}

export function awsAddressedResponse(stack: TestStack, o: { user?: string; roles: string[]; recipient?: string; audience?: string; authnAgoSec?: number }): string {
  const key = { keyPem: readFileSync(join(stack.certsDir, 'dev-saml-idp.key'), 'utf8'), certPem: stack.devIdp!.saml.certPem };
  const user = stack.devIdp!.users.find((u) => u.username === (o.user ?? 'bob'))!;
  const common = { idpEntityId: stack.devIdp!.saml.entityId, spEntityId: o.audience ?? 'urn:amazon:webservices', acsUrl: o.recipient ?? AWS_SAML, now: Date.now() };
  const plain = buildAssertion({ ...common, nameId: `${user.username}-subject`, attributes: { email: user.email, name: user.name, username: user.username, groups: user.groups } })
    .replace('</saml:AttributeStatement>', `${attribute(`${ATTR}Role`, o.roles)}${attribute(`${ATTR}RoleSessionName`, [user.username])}</saml:AttributeStatement>`)
    .replace(/AuthnInstant="[^"]+"/, (m) => (o.authnAgoSec ? `AuthnInstant="${new Date(common.now - o.authnAgoSec * 1000).toISOString()}"` : m));
  const xml = signResponse(buildResponse(common, signAssertion(plain, key)), key);
  return Buffer.from(xml, 'utf8').toString('base64');
}
