// Web identity tokens the way STS checks them: RS256 only, iss matching an IAM
// OIDC provider exactly, aud among its client ids, integer timestamps.
import { readFileSync, statSync } from 'node:fs';
import { compactVerify, createLocalJWKSet, decodeJwt, decodeProtectedHeader, type JSONWebKeySet } from 'jose';
import { StsError, invalidIdentityToken as invalid } from '../errors.js';
import type { OidcProvider } from '../model.js';

export interface WebIdentityClaims { iss: string; sub: string; aud: string; claims: Record<string, unknown> }

const jwksCache = new Map<string, { at: number; jwks: JSONWebKeySet }>();
const fileCache = new Map<string, { mtimeMs: number; size: number; jwks: JSONWebKeySet }>();
// One key-set function per JWKS object: jose imports each key once per function, not per call.
const keySets = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();

/** Re-read only when the file changes (same rule as SAML metadata). */
function jwksFile(file: string): JSONWebKeySet {
  const st = statSync(file);
  const hit = fileCache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.jwks;
  const jwks = JSON.parse(readFileSync(file, 'utf8')) as JSONWebKeySet;
  fileCache.set(file, { mtimeMs: st.mtimeMs, size: st.size, jwks });
  return jwks;
}

function keySet(jwks: JSONWebKeySet): ReturnType<typeof createLocalJWKSet> {
  let ks = keySets.get(jwks);
  if (!ks) keySets.set(jwks, (ks = createLocalJWKSet(jwks)));
  return ks;
}

async function fetchJson(url: string): Promise<unknown> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/** JWKS from the model's file, or discovered from the issuer (cached 10 minutes). */
export async function jwksFor(p: OidcProvider, now: number): Promise<JSONWebKeySet> {
  try {
    if (p.jwksFile) return jwksFile(p.jwksFile);
    const hit = jwksCache.get(p.url);
    if (hit && now - hit.at < 600_000) return hit.jwks;
    const conf = (await fetchJson(`${p.url.replace(/\/$/, '')}/.well-known/openid-configuration`)) as { jwks_uri?: unknown };
    if (typeof conf.jwks_uri !== 'string') throw new Error('discovery document has no jwks_uri');
    const jwks = (await fetchJson(conf.jwks_uri)) as JSONWebKeySet;
    if (!Array.isArray(jwks.keys) || jwks.keys.length > 100) throw new Error('JWKS must hold 1–100 keys');
    jwksCache.set(p.url, { at: now, jwks });
    return jwks;
  } catch (e) {
    throw new StsError('IDPCommunicationError', `Couldn't retrieve verification key from your identity provider, please reference AssumeRoleWithWebIdentity documentation for requirements`, (e as Error).message);
  }
}

/** Unverified iss, only to pick the provider whose keys then verify the token. */
export function issuerOf(token: string): string {
  try {
    const iss = decodeJwt(token).iss;
    if (typeof iss === 'string') return iss;
  } catch { /* fall through */ }
  throw invalid('The ID token provided is not a valid JWT');
}

export async function verifyWebIdentity(token: string, p: OidcProvider, now: number, skewMs: number): Promise<WebIdentityClaims> {
  let alg: unknown;
  try { alg = decodeProtectedHeader(token).alg; } catch { throw invalid('The ID token provided is not a valid JWT'); }
  if (alg !== 'RS256') throw invalid('Only tokens with RSA algorithms (RS256) are supported');
  let claims: Record<string, unknown>;
  try {
    const { payload } = await compactVerify(token, keySet(await jwksFor(p, now)), { algorithms: ['RS256'] });
    claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof StsError) throw e;
    throw invalid('Invalid signature', (e as Error).message);
  }
  for (const k of ['exp', 'iat', 'nbf']) {
    if (claims[k] !== undefined && !Number.isInteger(claims[k])) throw invalid(`Timestamps in the token must be formatted as either an integer or a long integer (${k})`);
  }
  if (claims.iss !== p.url) throw invalid(`No OpenIDConnect provider found in your account for ${String(claims.iss)}`);
  if (typeof claims.exp !== 'number') throw invalid('Missing exp claim');
  if (claims.exp * 1000 <= now - skewMs) throw new StsError('ExpiredTokenException', 'Token expired: current date/time must be before the expiration date/time');
  if (typeof claims.nbf === 'number' && claims.nbf * 1000 > now + skewMs) throw invalid('Token is not yet valid');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw invalid('Missing sub claim');
  const auds = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  const aud = typeof claims.azp === 'string' && p.clientIds.includes(claims.azp) ? claims.azp : auds.find((a): a is string => typeof a === 'string' && p.clientIds.includes(a));
  if (!aud) throw invalid('Incorrect token audience');
  return { iss: p.url, sub: claims.sub, aud, claims };
}
