// STS Query-protocol response envelopes. Built by string concatenation with
// strict escaping: the shapes are tiny and fixed, so no XML library is needed.
import type { StsError } from './errors.js';

export const STS_NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** A nested result value: a scalar becomes text, an object becomes child elements; undefined is omitted. */
export type XmlValue = string | number | boolean | undefined | { [k: string]: XmlValue };

export function toXml(fields: { [k: string]: XmlValue }): string {
  let out = '';
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    out += typeof v === 'object' ? `<${k}>${toXml(v)}</${k}>` : `<${k}>${escapeXml(String(v))}</${k}>`;
  }
  return out;
}

export function successXml(action: string, result: { [k: string]: XmlValue }, requestId: string): string {
  return (
    `<${action}Response xmlns="${STS_NS}">` +
    `<${action}Result>${toXml(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>` +
    `</${action}Response>\n`
  );
}

/** AWS puts RequestId directly under ErrorResponse, not in ResponseMetadata. */
export function errorXml(err: StsError, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${STS_NS}">` +
    `<Error><Type>${err.type}</Type><Code>${err.code}</Code><Message>${escapeXml(err.message)}</Message></Error>` +
    `<RequestId>${requestId}</RequestId>` +
    `</ErrorResponse>\n`
  );
}
