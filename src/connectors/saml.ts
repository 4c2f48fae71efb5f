// Upstream SAML sign-in through @node-saml/passport-saml. node-saml checks the
// signature, audience, times and InResponseTo; it checks neither Recipient nor
// Destination, nor the Issuer of a Response, and keeps no record of used
// assertions, so this module does, after saml-guard.ts pre-checked the post.
import { Strategy as SamlStrategy, type Profile, type VerifiedCallback } from '@node-saml/passport-saml';
import type { CacheProvider } from '@node-saml/node-saml';
import type { SamlIdpConfig } from '../config/schema.js';
import { BridgeError } from '../errors.js';
import type { Store } from '../store/store.js';
import { readSignedAssertion, type SignedAssertion } from './saml-assertion.js';
import { bindingDigest, sameBrowser } from './saml-binding.js';
import { assertionToIdentity } from './saml-claims.js';
import { destinationOf } from './saml-destination.js';
import { DEFAULT_GUARD, guardSamlPost, type SamlGuardOptions } from './saml-guard.js';

export interface SamlConnectorOptions {
  /** Ask the IdP for a fresh sign-in (ForceAuthn), for roles that need a recent one. */
  forceAuthn?: boolean;
  idp: SamlIdpConfig & { entryPoint: string; idpIssuer: string };
  idpCerts: string[];
  spEntityId: string;
  acsUrl: string;
  clockSkewSec: number;
  store: Store;
  /** The SP's private key (PEM) for encrypted assertions; without it they are refused. */
  decryptionPvk?: string;
  clock?: () => number;
}

/**
 * InResponseTo bookkeeping in the shared store, so any instance can finish a
 * login, and only in the browser that started it (see saml-binding.ts).
 */
function storeCache(store: Store, prefix: string, ttlSec: number): CacheProvider {
  const unwrap = (raw: string | undefined): string | null => {
    if (raw === undefined) return null;
    const { value, binding } = JSON.parse(raw) as { value: string; binding?: string };
    return sameBrowser(binding) ? value : null;
  };
  return {
    saveAsync: async (key, value) => {
      await store.set(`${prefix}${key}`, JSON.stringify({ value, binding: bindingDigest() }), ttlSec);
      return { value, createdAt: Date.now() };
    },
    getAsync: async (key) => unwrap(await store.get(`${prefix}${key}`)),
    removeAsync: async (key) => unwrap(await store.consume(`${prefix}${key}`)),
  };
}

/** Runs the pre-checks on every ACS post before node-saml parses anything. */
class GuardedSamlStrategy extends SamlStrategy {
  constructor(private readonly guard: SamlGuardOptions, ...args: ConstructorParameters<typeof SamlStrategy>) {
    super(...args);
  }

  override authenticate(...[req, options]: Parameters<SamlStrategy['authenticate']>): void {
    // `this` is passport's per-request copy: wrapping `error` here names node-saml's refusals for the audit.
    const report = this.error.bind(this);
    this.error = (e: Error) => report(namedFailure(e));
    const carriesSaml = req.method === 'POST' || 'SAMLResponse' in (req.query ?? {}) || 'SAMLRequest' in (req.query ?? {});
    if (carriesSaml) {
      try { guardSamlPost(req, this.guard); } catch (e) { this.error(e as Error); return; }
    }
    super.authenticate(req, options);
  }
}

const NODE_SAML_REASONS: Array<[RegExp, string]> = [
  [/signature/i, 'signature'], [/InResponseTo/, 'in_response_to'], [/audience/i, 'audience'],
  [/expired|not yet valid|NotBefore|NotOnOrAfter|too old|subject confirmation/i, 'time'], [/issuer/i, 'issuer'], [/decrypt|EncryptedAssertion/i, 'encrypted'],
];

/** node-saml throws plain Errors; give each a stable reason token. */
function namedFailure(e: unknown): Error {
  if (e instanceof BridgeError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const reason = NODE_SAML_REASONS.find(([re]) => re.test(msg))?.[1] ?? 'rejected';
  // An unknown request ID or an old answer is usually an interrupted sign-in (a restart, a stale tab), not an attack on the signature.
  const message = reason === 'in_response_to' || reason === 'time'
    ? 'This sign-in expired or was started elsewhere. Please start again.'
    : 'Sign-in failed: the identity provider\'s answer could not be verified.';
  return new BridgeError('invalid_saml_response', message, { detail: `${reason}: ${msg.slice(0, 300)}`, cause: e });
}

const mismatch = (detail: string) => new BridgeError('invalid_saml_response', 'The SAML response was not addressed to this service.', { detail });

/** The checks node-saml leaves to its caller: Issuer, Recipient, Destination, one-time use. */
async function checkDelivery(o: SamlConnectorOptions, p: Profile): Promise<SignedAssertion> {
  const a = readSignedAssertion(p.getAssertionXml?.() ?? '');
  // node-saml read the same bytes with xml2js; a different answer means a parser differential.
  // xml2js keeps surrounding whitespace (pretty-printed NameID); compare the trimmed values.
  if ((p.nameID ?? '').trim() !== a.nameId) throw new BridgeError('invalid_saml_response', 'The SAML response could not be read.', { detail: 'parser_differential: NameID read differently' });
  if (a.issuer !== o.idp.idpIssuer) throw mismatch(`issuer: Issuer ${a.issuer.slice(0, 200)} != ${o.idp.idpIssuer}`);
  if (a.recipients.length === 0 || a.recipients.some((r) => r !== o.acsUrl)) throw mismatch(`recipient: Recipient ${a.recipients.join(',').slice(0, 200)} != ${o.acsUrl}`);
  const dest = destinationOf(p.getSamlResponseXml?.() ?? '');
  if (dest !== undefined && dest !== o.acsUrl) throw mismatch(`destination: Destination ${dest.slice(0, 200)} != ${o.acsUrl}`);
  if (!a.id) throw new BridgeError('invalid_saml_response', 'The SAML assertion has no ID.', { detail: 'missing: no assertion ID' });
  // Without an expiry the replay record cannot know how long to live: refuse (SAML Profiles 4.1.4.5).
  if (a.notOnOrAfter === undefined) throw new BridgeError('invalid_saml_response', 'The SAML assertion has no expiry.', { detail: 'time: no NotOnOrAfter' });
  const now = (o.clock ?? Date.now)();
  const ttlSec = Math.max(60, Math.ceil((a.notOnOrAfter - now) / 1000) + o.clockSkewSec);
  if (!(await o.store.setIfAbsent(`saml-assertion:${o.idp.id}:${a.id}`, '1', ttlSec))) {
    throw new BridgeError('replay_detected', 'This sign-in response was already used. Please sign in again.', { detail: `replay: assertion ${a.id} replayed` });
  }
  return a;
}

export function samlStrategy(o: SamlConnectorOptions): SamlStrategy {
  const verify = (profile: Profile | null, done: VerifiedCallback) => {
    if (!profile) return done(new BridgeError('invalid_saml_response', 'The SAML response carried no assertion.'));
    checkDelivery(o, profile)
      .then((a) => done(null, assertionToIdentity(o.idp, a, Math.floor((o.clock ?? Date.now)() / 1000)) as never))
      .catch((e: unknown) => done(e as Error));
  };
  const guard: SamlGuardOptions = { ...DEFAULT_GUARD, allowEncrypted: o.decryptionPvk !== undefined, allowSha1: o.idp.insecureAllowSha1 };
  return new GuardedSamlStrategy(guard, {
    name: `saml:${o.idp.id}${o.forceAuthn ? ':fresh' : ''}`,
    forceAuthn: o.forceAuthn === true,
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
    ...(o.decryptionPvk ? { decryptionPvk: o.decryptionPvk } : {}),
  }, verify, verify);
}
