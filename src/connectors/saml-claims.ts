// A verified SAML assertion's attributes as a protocol-free Identity.
import type { Profile } from '@node-saml/passport-saml';
import type { SamlIdpConfig } from '../config/schema.js';
import { BridgeError } from '../errors.js';
import type { Identity } from '../identity.js';
import { first, flatten } from './claims.js';

export function profileToIdentity(idp: SamlIdpConfig, p: Profile, nowSec: number): Identity {
  const attrs = (p.attributes ?? {}) as Record<string, unknown>;
  const read = (name: string | undefined) => (name ? flatten(attrs[name]) : []);
  if (!p.nameID) throw new BridgeError('invalid_saml_response', 'The SAML assertion has no NameID.');
  const username = first(read(idp.claims.username));
  const email = first(read(idp.claims.email));
  const displayName = first(read(idp.claims.name));
  const claims: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(attrs)) { const vs = flatten(v); if (vs.length) claims[k] = vs; }
  return {
    idp: idp.id, issuer: p.issuer, subject: p.nameID,
    ...(username ? { username } : {}), ...(email ? { email } : {}), ...(displayName ? { displayName } : {}),
    groups: read(idp.claims.groups), claims, authTime: nowSec,
  };
}
