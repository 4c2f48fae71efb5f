// A verified SAML assertion's attributes as a protocol-free Identity. Values
// come from the signed assertion as read by saml-assertion.ts, never from
// node-saml's xml2js profile.
import type { SamlIdpConfig } from '../config/schema.js';
import { BridgeError } from '../errors.js';
import type { Identity } from '../identity.js';
import { first } from './claims.js';
import type { SignedAssertion } from './saml-assertion.js';

export function assertionToIdentity(idp: SamlIdpConfig, a: SignedAssertion, nowSec: number): Identity {
  const read = (name: string | undefined) => (name ? a.attributes[name] ?? [] : []);
  if (!a.nameId) throw new BridgeError('invalid_saml_response', 'The SAML assertion has no NameID.', { detail: 'missing: no NameID' });
  const username = first(read(idp.claims.username));
  const email = first(read(idp.claims.email));
  const displayName = first(read(idp.claims.name));
  const claims: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(a.attributes)) if (v.length) claims[k] = v;
  // An IdP session may be old: the sign-in counts from when the person authenticated there.
  const authTime = a.authnInstant !== undefined ? Math.min(nowSec, Math.floor(a.authnInstant / 1000)) : nowSec;
  return {
    idp: idp.id, issuer: a.issuer, subject: a.nameId,
    ...(username ? { username } : {}), ...(email ? { email } : {}), ...(displayName ? { displayName } : {}),
    groups: read(idp.claims.groups), claims, authTime,
  };
}
