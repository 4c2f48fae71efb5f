// Checks a SAML POST before node-saml sees it: sizes, strict base64, plain XML
// text (no DTD, entities, processing instructions, deflate), then the document
// shape (saml-shape.ts). Every refusal is `invalid_saml_response` with a detail
// that starts with a stable reason token (`doctype:`, `xsw:`…) for the audit.
import { inflateRawSync } from 'node:zlib';
import { checkShape, refuse, type ShapeOptions } from './saml-shape.js';

export interface SamlGuardOptions extends ShapeOptions {
  /** Base64 characters accepted in SAMLResponse (AWS caps assertions at 100000). */
  maxPostChars: number;
  /** Bytes of decoded XML. */
  maxXmlBytes: number;
}

export const DEFAULT_GUARD: Omit<SamlGuardOptions, 'allowEncrypted' | 'allowSha1'> = {
  maxPostChars: 200_000,
  maxXmlBytes: 150_000,
  maxElements: 2_000,
};

interface SamlRequestLike { method?: string; body?: unknown; query?: unknown }

/** The SAMLResponse form field, or a refusal for any other binding or shape. */
function samlField(req: SamlRequestLike): string {
  const q = (req.query ?? {}) as Record<string, unknown>;
  if ('SAMLResponse' in q || 'SAMLRequest' in q) refuse('binding', 'redirect binding (deflate) is not accepted at the ACS');
  const body = (req.body ?? {}) as Record<string, unknown>;
  if ('SAMLRequest' in body) refuse('binding', 'a SAMLRequest is not accepted at the ACS');
  const v = body.SAMLResponse;
  if (typeof v !== 'string' || v.length === 0) refuse('missing', 'SAMLResponse is absent or not a single value');
  return v;
}

/** Standard base64 only; whitespace and line breaks are tolerated (IdPs wrap at 64 or 76). */
export function strictBase64(v: string, maxChars: number): Buffer {
  if (v.length > maxChars) refuse('too_large', `SAMLResponse has ${v.length} characters`);
  const compact = v.replace(/[ \t\r\n]+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) refuse('base64', 'SAMLResponse is not valid base64');
  return Buffer.from(compact, 'base64');
}

function looksDeflated(buf: Buffer, max: number): boolean {
  try { return inflateRawSync(buf, { maxOutputLength: max }).length > 0; } catch { return false; }
}

/** Decoded bytes as UTF-8 XML text that needs nothing but the plain XML 1.0 grammar. */
export function plainXml(buf: Buffer, maxBytes: number): string {
  if (buf.length > maxBytes) refuse('too_large', `decoded XML has ${buf.length} bytes`);
  let xml: string;
  try { xml = new TextDecoder('utf-8', { fatal: true }).decode(buf); } catch { xml = '\u0000'; }
  const start = xml.replace(/^\uFEFF?\s*/, '');
  if (!start.startsWith('<')) {
    if (looksDeflated(buf, maxBytes)) refuse('deflate', 'deflated content is only for the redirect binding');
    refuse('not_xml', 'decoded SAMLResponse is not XML text');
  }
  if (/<!DOCTYPE/i.test(xml)) refuse('doctype', 'a DOCTYPE is never needed in SAML');
  if (/<!(ENTITY|ELEMENT|ATTLIST|NOTATION)/i.test(xml)) refuse('doctype', 'a DTD declaration is never needed in SAML');
  if (/&(?!(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});)/.test(xml)) refuse('entity', 'a reference to an undeclared entity');
  // Only the XML declaration may be a processing instruction, and only at the start.
  const pis = [...start.matchAll(/<\?/g)].map((m) => m.index);
  if (pis.some((i) => i !== 0) || (pis.length === 1 && !/^<\?xml\s/.test(start))) refuse('processing_instruction', 'processing instructions are not accepted');
  return xml;
}

/** All the checks, in order; returns the XML that node-saml will then verify. */
export function guardSamlPost(req: SamlRequestLike, o: SamlGuardOptions): string {
  const xml = plainXml(strictBase64(samlField(req), o.maxPostChars), o.maxXmlBytes);
  checkShape(xml, o);
  return xml;
}
