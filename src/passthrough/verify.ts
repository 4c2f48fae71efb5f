// Verifies an assertion the upstream IdP addressed to AWS, before the bridge
// forwards it unchanged: the same pre-checks as the bridge's ACS (saml-guard),
// node-saml's signature and time checks against the IdP's certificates, then
// AWS's expectations instead of the bridge's: Recipient and Destination are an
// AWS SAML endpoint, the Audience is AWS's.
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import { readSignedAssertion, type SignedAssertion } from '../connectors/saml-assertion.js';
import { destinationOf } from '../connectors/saml-destination.js';
import { DEFAULT_GUARD, guardSamlPost } from '../connectors/saml-guard.js';
import { refuse } from '../connectors/saml-shape.js';

const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
/** AWS's SAML endpoints: global, regional, and /static/saml (reference §1.5). */
export const AWS_RECIPIENT = /^https:\/\/(?:[a-z]{2}(?:-gov)?-[a-z]+-\d\.)?signin\.(?:aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)\/(?:static\/)?saml$/;
const AWS_AUDIENCE = /^(?:urn:amazon:webservices(?::govcloud|:cn)?|https:\/\/(?:[a-z]{2}(?:-gov)?-[a-z]+-\d\.)?signin\.(?:aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)\/saml)$/;

export interface PassThroughVerifyOptions {
  idpIssuer: string;
  idpCerts: string[];
  wantResponseSigned: boolean;
  allowSha1: boolean;
  clockSkewSec: number;
}

export interface VerifiedPassThrough {
  assertion: SignedAssertion;
  /** The posted SAMLResponse, whitespace removed, exactly as it will reach STS. */
  base64: string;
}

/** Every AudienceRestriction of the signed assertion names AWS (SAML core 2.5.1.4). */
function checkAudience(assertionXml: string): void {
  const a = new DOMParser({ onError: () => refuse('malformed', 'signed assertion unreadable') }).parseFromString(assertionXml, 'text/xml').documentElement!;
  const restrictions = Array.from(a.getElementsByTagNameNS(SAML_NS, 'AudienceRestriction'));
  const ok = restrictions.length > 0 && restrictions.every((r) => Array.from(r.getElementsByTagNameNS(SAML_NS, 'Audience')).some((x) => AWS_AUDIENCE.test((x.textContent ?? '').trim())));
  if (!ok) refuse('audience', 'the assertion is not addressed to AWS (Audience)');
}

export async function verifyPassThrough(samlResponse: unknown, o: PassThroughVerifyOptions): Promise<VerifiedPassThrough> {
  // Encrypted assertions are for the SP that holds the key: AWS here, not the bridge.
  const xml = guardSamlPost({ method: 'POST', body: { SAMLResponse: samlResponse } }, { ...DEFAULT_GUARD, allowEncrypted: false, allowSha1: o.allowSha1 });
  const saml = new SAML({
    idpCert: o.idpCerts, idpIssuer: o.idpIssuer,
    // node-saml needs an SP identity; the audience is checked below against AWS's values.
    issuer: 'urn:amazon:webservices', callbackUrl: 'https://signin.aws.amazon.com/saml', audience: false,
    wantAssertionsSigned: true, wantAuthnResponseSigned: o.wantResponseSigned,
    validateInResponseTo: ValidateInResponseTo.never, acceptedClockSkewMs: o.clockSkewSec * 1000,
  });
  let assertionXml: string;
  let responseXml: string;
  try {
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse as string });
    assertionXml = profile?.getAssertionXml?.() ?? '';
    responseXml = profile?.getSamlResponseXml?.() ?? xml;
  } catch (e) {
    refuse(/signature/i.test((e as Error).message) ? 'signature' : 'rejected', (e as Error).message.slice(0, 300));
  }
  const a = readSignedAssertion(assertionXml);
  if (a.issuer !== o.idpIssuer) refuse('issuer', `Issuer ${a.issuer.slice(0, 200)} != ${o.idpIssuer}`);
  if (a.recipients.length === 0 || a.recipients.some((r) => !AWS_RECIPIENT.test(r))) refuse('recipient', `Recipient ${a.recipients.join(',').slice(0, 200)} is not AWS's SAML endpoint`);
  const dest = destinationOf(responseXml);
  if (dest !== undefined && !AWS_RECIPIENT.test(dest)) refuse('destination', `Destination ${dest.slice(0, 200)} is not AWS's SAML endpoint`);
  checkAudience(assertionXml);
  if (!a.id || !a.nameId) refuse('missing', 'no assertion ID or NameID');
  return { assertion: a, base64: (samlResponse as string).replace(/[ \t\r\n]+/g, '') };
}
