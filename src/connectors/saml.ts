// Upstream SAML sign-in through @node-saml/passport-saml. node-saml checks the
// signature, audience, times and InResponseTo; it checks neither Recipient nor
// Destination and keeps no record of used assertions, so this module does.
import { Strategy as SamlStrategy, type Profile, type VerifiedCallback } from '@node-saml/passport-saml';
import type { CacheProvider } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import type { SamlIdpConfig } from '../config/schema.js';
import { BridgeError } from '../errors.js';
import type { Store } from '../store/store.js';
import { profileToIdentity } from './saml-claims.js';

const SAML_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';

export interface SamlConnectorOptions {
  idp: SamlIdpConfig & { entryPoint: string; idpIssuer: string };
  idpCerts: string[];
  spEntityId: string;
  acsUrl: string;
  clockSkewSec: number;
  store: Store;
  clock?: () => number;
}

/** InResponseTo bookkeeping in the shared store, so any instance can finish a login. */
function storeCache(store: Store, prefix: string, ttlSec: number): CacheProvider {
  return {
    saveAsync: async (key, value) => { await store.set(`${prefix}${key}`, value, ttlSec); return { value, createdAt: Date.now() }; },
    getAsync: async (key) => (await store.get(`${prefix}${key}`)) ?? null,
    removeAsync: async (key) => { const v = await store.consume(`${prefix}${key}`); return v ?? null; },
  };
}

/** Reads the checked assertion: its ID, Recipient and NotOnOrAfter (signed content only). */
function assertionFacts(assertionXml: string): { id: string; recipients: string[]; notOnOrAfter?: number } {
  const doc = new DOMParser().parseFromString(assertionXml, 'text/xml');
  const a = doc.documentElement;
  if (!a || a.localName !== 'Assertion') throw new BridgeError('invalid_saml_response', 'The SAML response could not be read.');
  const data = Array.from(a.getElementsByTagNameNS(SAML_NS, 'SubjectConfirmationData'));
  const noa = data.map((d) => d.getAttribute('NotOnOrAfter')).find(Boolean);
  return {
    id: a.getAttribute('ID') ?? '',
    recipients: data.map((d) => d.getAttribute('Recipient') ?? ''),
    ...(noa ? { notOnOrAfter: Date.parse(noa) } : {}),
  };
}

function destinationOf(responseXml: string): string | undefined {
  const doc = new DOMParser().parseFromString(responseXml, 'text/xml');
  return doc.documentElement?.getAttribute('Destination') || undefined;
}

/** The checks node-saml leaves to its caller: Recipient, Destination, one-time use. */
async function checkDelivery(o: SamlConnectorOptions, p: Profile): Promise<void> {
  const facts = assertionFacts(p.getAssertionXml?.() ?? '');
  if (facts.recipients.length === 0 || facts.recipients.some((r) => r !== o.acsUrl)) {
    throw new BridgeError('invalid_saml_response', 'The SAML response was not addressed to this service.', { detail: `Recipient ${facts.recipients.join(',')} != ${o.acsUrl}` });
  }
  const dest = destinationOf(p.getSamlResponseXml?.() ?? '');
  if (dest !== undefined && dest !== o.acsUrl) {
    throw new BridgeError('invalid_saml_response', 'The SAML response was not addressed to this service.', { detail: `Destination ${dest} != ${o.acsUrl}` });
  }
  if (!facts.id) throw new BridgeError('invalid_saml_response', 'The SAML assertion has no ID.');
  const now = (o.clock ?? Date.now)();
  const ttlSec = Math.max(60, Math.ceil(((facts.notOnOrAfter ?? now) - now) / 1000) + o.clockSkewSec);
  if (!(await o.store.setIfAbsent(`saml-assertion:${o.idp.id}:${facts.id}`, '1', ttlSec))) {
    throw new BridgeError('replay_detected', 'This sign-in response was already used. Please sign in again.', { detail: `assertion ${facts.id} replayed` });
  }
}

export function samlStrategy(o: SamlConnectorOptions): SamlStrategy {
  const verify = (profile: Profile | null, done: VerifiedCallback) => {
    if (!profile) return done(new BridgeError('invalid_saml_response', 'The SAML response carried no assertion.'));
    checkDelivery(o, profile)
      .then(() => done(null, profileToIdentity(o.idp, profile, Math.floor((o.clock ?? Date.now)() / 1000)) as never))
      .catch((e: unknown) => done(e as Error));
  };
  return new SamlStrategy({
    name: `saml:${o.idp.id}`,
    entryPoint: o.idp.entryPoint,
    idpIssuer: o.idp.idpIssuer,
    idpCert: o.idpCerts,
    issuer: o.spEntityId,
    audience: o.spEntityId,
    callbackUrl: o.acsUrl,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: o.idp.wantResponseSigned,
    validateInResponseTo: 'always' as never,
    requestIdExpirationPeriodMs: 10 * 60_000,
    cacheProvider: storeCache(o.store, `saml-request:${o.idp.id}:`, 600),
    acceptedClockSkewMs: o.clockSkewSec * 1000,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    identifierFormat: null,
    disableRequestedAuthnContext: true,
  }, verify, verify);
}
