// What production mode refuses: everything that only makes sense on a
// developer's machine. Each problem names its field.
import { existsSync } from 'node:fs';
import { fileSignerFromPaths } from '../keys/signer.js';
import { loadSessionSecret } from '../keys/load.js';
import type { Config } from './schema.js';
import { oidcClientSecret } from './secrets.js';

export interface Problem { field: string; problem: string }

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Development mode serves demo users and generated keys: only on loopback. */
export function developmentProblems(c: Config): Problem[] {
  if (!c.publicBaseUrl) return [];
  const host = new URL(c.publicBaseUrl).hostname;
  return LOOPBACK.test(host) ? [] : [{ field: 'mode', problem: `development mode is for loopback only, but publicBaseUrl is ${c.publicBaseUrl}; set mode: production` }];
}

/** Files named by the config are read now, so every problem is listed at once, not one per restart. */
function fileProblem(add: (field: string, problem: string) => void, field: string, load: () => unknown): void {
  try {
    load();
  } catch (e) {
    // The loaders' messages name their own field first; keep only the problem.
    add(field, (e as Error).message.replace(/^[\w.]+(?:\.\d+)?(?: \([^)]*\))?: /, ''));
  }
}

export function productionProblems(c: Config): Problem[] {
  const p: Problem[] = [];
  const add = (field: string, problem: string) => p.push({ field, problem });
  if (!c.publicBaseUrl) add('publicBaseUrl', 'required in production (all absolute URLs derive from it)');
  else if (!c.publicBaseUrl.startsWith('https://')) add('publicBaseUrl', 'must be https in production');
  if (c.embedded) add('embedded', 'the embedded development IdPs, demo users and local STS are refused in production');
  if (!c.signing.keyFile || !c.signing.certFile) add('signing', 'keyFile and certFile are required in production (generated keys are for development only)');
  else fileProblem(add, 'signing', () => fileSignerFromPaths(c.signing.keyFile!, c.signing.certFile!, c.signing.additionalCertFiles));
  if (!c.session.secretFile) add('session.secretFile', 'required in production (a generated secret is for development only)');
  else fileProblem(add, 'session.secretFile', () => loadSessionSecret(c));
  // Generated issuer keys would differ per instance (and per restart), and AWS caches the JWKS.
  if (c.webIdentity.enabled && !c.webIdentity.keyFile) add('webIdentity.keyFile', 'required in production when webIdentity is enabled (generated keys are for development only)');
  else if (c.webIdentity.enabled && c.webIdentity.keyFile && !existsSync(c.webIdentity.keyFile)) add('webIdentity.keyFile', `file not found: ${c.webIdentity.keyFile}`);
  if (c.aws.stsEndpoint === 'embedded') add('aws.stsEndpoint', '"embedded" (the local STS) is development-only');
  else if (c.aws.stsEndpoint?.startsWith('http://')) add('aws.stsEndpoint', 'must be https in production (assertions and credentials cross it)');
  if (c.aws.federationEndpoint === 'embedded') add('aws.federationEndpoint', '"embedded" is development-only');
  else if (c.aws.federationEndpoint?.startsWith('http://')) add('aws.federationEndpoint', 'must be https in production (session credentials cross it)');
  // `true` believes the leftmost X-Forwarded-For: any client could pick its own IP (rate limits, audit).
  if (c.trustProxy === true) add('trustProxy', 'name the number of proxy hops or their addresses; true trusts any client-supplied X-Forwarded-For');
  c.idps.forEach((idp, i) => {
    const at = `idps.${i}`;
    if (idp.type === 'saml') {
      if (idp.entryPoint === 'embedded' || idp.idpIssuer === 'embedded' || idp.idpCertFiles === 'embedded') add(at, 'the embedded development SAML IdP is refused in production');
      else for (const f of idp.idpCertFiles) if (!existsSync(f)) add(`${at}.idpCertFiles`, `file not found: ${f}`);
      if (idp.entryPoint !== 'embedded' && idp.entryPoint.startsWith('http://')) add(`${at}.entryPoint`, 'plain-http IdP endpoints are refused in production');
      if (idp.insecureAllowSha1) add(`${at}.insecureAllowSha1`, 'insecure switch refused in production');
    } else {
      if (idp.issuer === 'embedded') add(`${at}.issuer`, 'the embedded development OIDC provider is refused in production');
      else if (!idp.issuer.startsWith('https://')) add(`${at}.issuer`, 'plain-http issuers are refused in production');
      if (idp.clientSecret !== undefined) add(`${at}.clientSecret`, 'a literal secret in the config file is refused in production; use clientSecretFile or clientSecretEnv');
      else fileProblem(add, at, () => oidcClientSecret(idp));
      if (idp.insecureTrustUnverifiedEmail) add(`${at}.insecureTrustUnverifiedEmail`, 'insecure switch refused in production; match on a claim the IdP verifies');
    }
  });
  c.store.encryptionKeys.forEach((k, i) => { if (k.value !== undefined) add(`store.encryptionKeys.${i}.value`, 'a literal key in the config file is refused in production; use file or env'); });
  if (c.store.credentialCache.enabled && c.store.encryptionKeys.length === 0) add('store.encryptionKeys', 'required in production when the credential cache is enabled (a generated key is for development only)');
  return p;
}
