// Decodes and checks an incoming AuthnRequest (HTTP-Redirect or HTTP-POST
// binding) against the allowed service providers.
import { inflateRawSync } from 'node:zlib';
import { BridgeError } from '../../errors.ts';
import type { SamlSpOption } from '../index.ts';
import { MAX_XML_CHARS, NS, childrenNS, parseXmlSafely } from './xml.ts';

export interface AuthnRequestInfo {
  id: string;
  spEntityId: string;
  acsUrl: string;
}

const POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const MAX_B64 = 128 * 1024;

function bad(detail: string, status = 400): BridgeError {
  return new BridgeError('invalid_request', 'The SAML request is not acceptable.', { detail, status });
}

/** base64 (+ raw DEFLATE for the Redirect binding) → XML text, with size caps before and after inflating. */
export function decodeSamlRequest(b64: string, deflated: boolean): string {
  if (b64.length > MAX_B64) throw bad('SAMLRequest too large');
  const raw = Buffer.from(b64, 'base64');
  if (!deflated) return raw.toString('utf8');
  try {
    return inflateRawSync(raw, { maxOutputLength: MAX_XML_CHARS }).toString('utf8');
  } catch (e) {
    throw bad(`inflate failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Parses the AuthnRequest and resolves where the Response may go; unknown SPs and foreign ACS URLs get 403. */
export function parseAuthnRequest(xml: string, sps: readonly SamlSpOption[]): AuthnRequestInfo {
  const root = parseXmlSafely(xml).documentElement;
  if (!root || root.namespaceURI !== NS.samlp || root.localName !== 'AuthnRequest') throw bad('not an AuthnRequest');
  const id = root.getAttribute('ID') ?? '';
  if (!/^[A-Za-z_][\w.-]{0,255}$/.test(id)) throw bad('missing or invalid ID');
  if (root.getAttribute('Version') !== '2.0') throw bad('Version must be 2.0');
  const binding = root.getAttribute('ProtocolBinding');
  if (binding && binding !== POST_BINDING) throw bad(`unsupported ProtocolBinding ${binding}`);
  const issuerEl = childrenNS(root, NS.saml, 'Issuer')[0];
  const spEntityId = issuerEl?.textContent?.trim() ?? '';
  const sp = sps.find((s) => s.entityId === spEntityId);
  if (!sp) throw bad(`unknown SP ${JSON.stringify(spEntityId)}`, 403);
  const acsUrl = root.getAttribute('AssertionConsumerServiceURL') || sp.acsUrls[0];
  if (!acsUrl || !sp.acsUrls.includes(acsUrl)) throw bad(`ACS URL not registered for ${spEntityId}`, 403);
  return { id, spEntityId, acsUrl };
}
