// AWS Signature Version 4 verification for the Authorization header form.
// Independent of Express: it takes the raw request parts, so it can be tested
// byte-for-byte against captured client requests.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { StsError } from './errors.js';

export interface SignedRequest {
  method: string;
  /** Raw path as sent (percent-encoding preserved), without the query. */
  path: string;
  /** Raw query string without the leading '?', '' when none. */
  query: string;
  /** Header name (any case) → values in arrival order. */
  headers: [string, string][];
  body: Buffer;
}
export interface VerifyOptions {
  now: number;
  region: string;
  service: string;
  /** Secret for an access key id, or undefined when the key is unknown. */
  secretFor: (accessKeyId: string) => string | undefined | Promise<string | undefined>;
  maxSkewMs?: number;
}
export interface Verified { accessKeyId: string; securityToken?: string | undefined; signedHeaders: string[] }

const ALGORITHM = 'AWS4-HMAC-SHA256';
const sha256 = (d: string | Buffer): string => createHash('sha256').update(d).digest('hex');
const hmac = (k: Buffer | string, d: string): Buffer => createHmac('sha256', k).update(d, 'utf8').digest();
const rfc3986 = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
const safeDecode = (s: string): string => { try { return decodeURIComponent(s); } catch { return s; } };

function headerMap(headers: [string, string][]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const [k, v] of headers) m.set(k.toLowerCase(), [...(m.get(k.toLowerCase()) ?? []), v]);
  return m;
}

export function parseAuthorization(value: string): { accessKeyId: string; scope: string[]; signedHeaders: string[]; signature: string } {
  if (!value.startsWith(ALGORITHM + ' ')) {
    throw new StsError('IncompleteSignature', `Unsupported AWS 'algorithm': '${value.split(' ')[0] ?? ''}'`);
  }
  const parts = new Map<string, string>();
  for (const p of value.slice(ALGORITHM.length + 1).split(',')) {
    const i = p.indexOf('=');
    if (i > 0) parts.set(p.slice(0, i).trim(), p.slice(i + 1).trim());
  }
  const cred = parts.get('Credential'), sh = parts.get('SignedHeaders'), sig = parts.get('Signature');
  if (!cred || !sh || !sig) {
    throw new StsError('IncompleteSignature', "Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.");
  }
  const scope = cred.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') {
    throw new StsError('IncompleteSignature', `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${cred}'`);
  }
  return { accessKeyId: scope[0]!, scope: scope.slice(1), signedHeaders: sh.split(';'), signature: sig };
}

export function canonicalRequest(req: SignedRequest, signedHeaders: string[]): string {
  const h = headerMap(req.headers);
  const path = req.path.split('/').map((seg) => rfc3986(safeDecode(seg))).join('/') || '/';
  const query = req.query === '' ? [] : req.query.split('&').map((pair) => {
    const i = pair.indexOf('=');
    const [k, v] = i < 0 ? [pair, ''] : [pair.slice(0, i), pair.slice(i + 1)];
    return [rfc3986(safeDecode(k.replace(/\+/g, '%20'))), rfc3986(safeDecode(v.replace(/\+/g, '%20')))] as const;
  }).sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('&');
  const headers = signedHeaders.map((name) => `${name}:${(h.get(name) ?? []).map((v) => v.trim().replace(/\s+/g, ' ')).join(',')}\n`).join('');
  return [req.method.toUpperCase(), path, query, headers, signedHeaders.join(';'), sha256(req.body)].join('\n');
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
}

function parseAmzDate(s: string | undefined): number {
  const m = s ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s) : null;
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
}

/** Verifies the Authorization header; throws StsError with AWS's code on any failure. */
export async function verifySigV4(req: SignedRequest, opts: VerifyOptions): Promise<Verified> {
  const h = headerMap(req.headers);
  const auth = h.get('authorization')?.[0];
  if (!auth) throw new StsError('MissingAuthenticationToken', 'Request is missing Authentication Token');
  const a = parseAuthorization(auth);
  const amzDate = h.get('x-amz-date')?.[0];
  if (!amzDate) throw new StsError('IncompleteSignature', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  const [date, region, service] = a.scope as [string, string, string];
  const when = parseAmzDate(amzDate);
  if (Number.isNaN(when)) throw new StsError('IncompleteSignature', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  if (date !== amzDate.slice(0, 8)) {
    throw new StsError('SignatureDoesNotMatch', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}'`);
  }
  if (region !== opts.region) throw new StsError('SignatureDoesNotMatch', `Credential should be scoped to a valid region, not '${region}'.`);
  if (service !== opts.service) throw new StsError('SignatureDoesNotMatch', `Credential should be scoped to correct service: '${opts.service}'.`);
  const sorted = [...a.signedHeaders].sort();
  if (!a.signedHeaders.includes('host') || a.signedHeaders.some((x, i) => x !== x.toLowerCase() || x !== sorted[i])) {
    throw new StsError('SignatureDoesNotMatch', 'SignedHeaders must be lower-case, sorted and include host.');
  }
  if (Math.abs(opts.now - when) > (opts.maxSkewMs ?? 15 * 60_000)) {
    throw new StsError('RequestExpired', `Request has expired. X-Amz-Date ${amzDate} is more than 15 minutes from the server time.`);
  }
  const secret = await opts.secretFor(a.accessKeyId);
  if (secret === undefined) throw new StsError('InvalidClientTokenId', 'The security token included in the request is invalid.');
  const canonical = canonicalRequest(req, a.signedHeaders);
  const stringToSign = [ALGORITHM, amzDate, a.scope.join('/'), sha256(canonical)].join('\n');
  const expected = createHmac('sha256', signingKey(secret, date, region, service)).update(stringToSign).digest();
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(a.signature) ? a.signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new StsError('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.');
  }
  return { accessKeyId: a.accessKeyId, securityToken: h.get('x-amz-security-token')?.[0], signedHeaders: a.signedHeaders };
}
