// Reads and checks the claims of a verified Assertion the way AWS does:
// issuer, bearer confirmation to an AWS sign-in endpoint, audience, validity.
import type { Element } from '@xmldom/xmldom';
import { StsError, badSaml, samlDenied } from '../errors.js';
import { NS, child, children, text } from './dom.js';

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const RECIPIENT = /^https:\/\/(?:[a-z]{2}(?:-gov)?-[a-z]+-\d\.)?signin\.aws\.amazon\.com\/(?:static\/)?saml$/;
const AUDIENCE = /^(?:urn:amazon:webservices|https:\/\/(?:[a-z]{2}(?:-gov)?-[a-z]+-\d\.)?signin\.aws\.amazon\.com\/saml)$/;

export interface SamlClaims {
  issuer: string;
  nameId: string;
  nameIdFormat?: string | undefined;
  recipient: string;
  /** ms since epoch, from AuthnStatement SessionNotOnOrAfter. */
  sessionNotOnOrAfter?: number | undefined;
  /** ms since epoch after which the assertion is no longer accepted (one-time-use bookkeeping). */
  expires: number;
  /** Attribute Name → values (all AttributeStatements merged). */
  attributes: Map<string, string[]>;
}

function time(el: Element | undefined, attr: string): number | undefined {
  const v = el?.getAttribute(attr);
  if (!v) return undefined;
  const t = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(t)) throw badSaml('Invalid SAML response', `unparsable ${attr}: ${v}`);
  return t;
}

/** NotBefore inclusive, NotOnOrAfter exclusive, both widened by the skew. */
function checkWindow(el: Element | undefined, now: number, skewMs: number, what: string): void {
  const nb = time(el, 'NotBefore');
  const noa = time(el, 'NotOnOrAfter');
  if (nb !== undefined && now + skewMs < nb) throw badSaml('Invalid SAML response', `${what} not yet valid`);
  if (noa !== undefined && now - skewMs >= noa) throw new StsError('ExpiredTokenException', 'Token is expired', `${what} expired`);
}

function subject(assertion: Element, now: number, skewMs: number): Pick<SamlClaims, 'nameId' | 'nameIdFormat' | 'recipient' | 'expires'> {
  const subj = child(assertion, NS.saml, 'Subject');
  const nameIdEl = subj && child(subj, NS.saml, 'NameID');
  const nameId = text(nameIdEl);
  if (!nameId) throw samlDenied('assertion has no Subject/NameID');
  const confirmations = children(subj!, NS.saml, 'SubjectConfirmation');
  const bearer = confirmations.filter((c) => c.getAttribute('Method') === BEARER);
  if (bearer.length !== 1) throw badSaml('Invalid SAML response', 'expected exactly one bearer SubjectConfirmation');
  const data = child(bearer[0]!, NS.saml, 'SubjectConfirmationData');
  const recipient = data?.getAttribute('Recipient') ?? '';
  if (!data || !data.getAttribute('NotOnOrAfter') || !recipient) {
    throw badSaml('Invalid SAML response', 'SubjectConfirmationData needs NotOnOrAfter and Recipient');
  }
  if (!RECIPIENT.test(recipient)) throw badSaml('Invalid SAML response', `Recipient is not an AWS SAML endpoint: ${recipient}`);
  checkWindow(data, now, skewMs, 'SubjectConfirmationData');
  return { nameId, nameIdFormat: nameIdEl!.getAttribute('Format') ?? undefined, recipient, expires: time(data, 'NotOnOrAfter')! + skewMs };
}

function conditions(assertion: Element, now: number, skewMs: number): void {
  const cond = child(assertion, NS.saml, 'Conditions');
  checkWindow(cond, now, skewMs, 'Conditions');
  // Every AudienceRestriction must be satisfied (SAML core 2.5.1.4), and at least one must exist.
  const restrictions = cond ? children(cond, NS.saml, 'AudienceRestriction') : [];
  const ok = restrictions.length > 0 && restrictions.every((r) => children(r, NS.saml, 'Audience').some((a) => AUDIENCE.test(text(a) ?? '')));
  if (!ok) throw badSaml('Response does not contain the required audience');
}

function attributes(assertion: Element): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const st of children(assertion, NS.saml, 'AttributeStatement')) {
    for (const a of children(st, NS.saml, 'Attribute')) {
      const name = a.getAttribute('Name') ?? '';
      const values = children(a, NS.saml, 'AttributeValue').map((v) => text(v) ?? '');
      out.set(name, [...(out.get(name) ?? []), ...values]);
    }
  }
  return out;
}

export function readClaims(assertion: Element, expectedIssuer: string, now: number, skewMs: number): SamlClaims {
  const issuer = text(child(assertion, NS.saml, 'Issuer'));
  if (issuer !== expectedIssuer) throw badSaml('Issuer not present in specified provider', `issuer ${issuer ?? '(none)'}`);
  const subj = subject(assertion, now, skewMs);
  conditions(assertion, now, skewMs);
  const authn = child(assertion, NS.saml, 'AuthnStatement');
  return { issuer, ...subj, sessionNotOnOrAfter: time(authn, 'SessionNotOnOrAfter'), attributes: attributes(assertion) };
}
