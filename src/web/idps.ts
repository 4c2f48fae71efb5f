// Turns each configured IdP into a passport strategy (and, for OIDC, an ID
// token verifier), filling `embedded` values from the dev IdP. OIDC discovery
// is lazy (src/connectors/oidc-lazy.ts): start-up never waits on an IdP.
import type { PassportStatic } from 'passport';
import type { Config } from '../config/schema.js';
import { oidcClientSecret } from '../config/secrets.js';
import { createIdTokenVerifier } from '../connectors/id-token.js';
import { discover, oidcStrategy } from '../connectors/oidc.js';
import { LazyOidcProvider, lazyStrategy, lazyVerifier } from '../connectors/oidc-lazy.js';
import { samlStrategy, type SamlConnectorOptions } from '../connectors/saml.js';
import type { DevIdp } from '../devidp/index.js';
import { BridgeError } from '../errors.js';
import { readPemFiles } from '../keys/load.js';
import { outboundFor } from '../net/outbound.js';
import { passThroughPath } from '../passthrough/routes.js';
import type { Store } from '../store/store.js';
import type { ResolvedIdp } from './context.js';

export interface ResolveInput {
  config: Readonly<Config>;
  base: string;
  store: Store;
  passport: InstanceType<PassportStatic['Passport']>;
  devIdp: DevIdp | undefined;
  clock: () => number;
}

function embedded<T>(value: T | 'embedded', dev: DevIdp | undefined, pick: (d: DevIdp) => T, field: string): T {
  if (value !== 'embedded') return value;
  if (!dev) throw new BridgeError('config_invalid', `${field}: "embedded" needs the embedded section (development mode)`);
  return pick(dev);
}

export async function resolveIdps(i: ResolveInput): Promise<ResolvedIdp[]> {
  const out: ResolvedIdp[] = [];
  const firstAttempts: Array<Promise<void>> = [];
  for (const idp of i.config.idps) {
    const at = `idps.${idp.id}`;
    if (idp.type === 'saml') {
      const options: SamlConnectorOptions = {
        idp: { ...idp, entryPoint: embedded(idp.entryPoint, i.devIdp, (d) => d.saml.ssoUrl, `${at}.entryPoint`), idpIssuer: embedded(idp.idpIssuer, i.devIdp, (d) => d.saml.entityId, `${at}.idpIssuer`) },
        idpCerts: idp.idpCertFiles === 'embedded' ? [embedded(idp.idpCertFiles, i.devIdp, (d) => d.saml.certPem, `${at}.idpCertFiles`)] : readPemFiles(idp.idpCertFiles),
        spEntityId: `${i.base}/saml/sp`,
        acsUrl: `${i.base}/saml/acs/${idp.id}`,
        clockSkewSec: i.config.clockSkewSec,
        store: i.store,
        ...(idp.decryptionKeyFile ? { decryptionPvk: readPemFiles([idp.decryptionKeyFile])[0]! } : {}),
        clock: i.clock,
      };
      const strategy = samlStrategy(options);
      const fresh = samlStrategy({ ...options, forceAuthn: true });
      i.passport.use(strategy.name, strategy as never);
      i.passport.use(fresh.name, fresh as never);
      out.push({
        config: idp, strategy: strategy.name, freshStrategy: fresh.name, spMetadata: () => strategy.generateServiceProviderMetadata(null, null),
        ...(idp.passThrough?.enabled ? { passThrough: { config: idp, path: passThroughPath(idp), idpIssuer: options.idp.idpIssuer, idpCerts: options.idpCerts } } : {}),
      });
    } else {
      const issuer = embedded(idp.issuer, i.devIdp, (d) => d.oidcIssuer, `${at}.issuer`);
      const fetchImpl = outboundFor(i.config).fetch;
      const secret = oidcClientSecret(idp);
      // Discovered on first need (and started now), so an IdP that is down does not stop the bridge.
      const provider = new LazyOidcProvider({
        idpId: idp.id, retrySec: idp.discoveryRetrySec, clock: i.clock,
        discover: () => discover({ ...idp, issuer }, secret, i.config.mode === 'development', fetchImpl),
      });
      firstAttempts.push(provider.get().then(() => {}, () => {}));
      const verifier = lazyVerifier(issuer, provider, (p) => createIdTokenVerifier({
        issuer, jwksUri: p.jwksUri, audiences: idp.tokenExchangeAudiences ?? [idp.clientId],
        algorithms: idp.allowedAlgorithms, clockToleranceSec: Math.min(i.config.clockSkewSec, 300), clock: i.clock, fetch: fetchImpl,
      }));
      const name = `oidc:${idp.id}`;
      i.passport.use(name, lazyStrategy(name, provider, (p) => oidcStrategy(idp, p, `${i.base}/oidc/callback/${idp.id}`, verifier, i.clock)) as never);
      out.push({ config: idp, strategy: name, verifier });
    }
  }
  // One prompt attempt each, so a healthy IdP is ready when start-up ends; a slow one is not waited for.
  await settledWithin(firstAttempts, FIRST_DISCOVERY_WAIT_MS);
  return out;
}

const FIRST_DISCOVERY_WAIT_MS = 5000;

async function settledWithin(ps: Array<Promise<void>>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all(ps), new Promise<void>((r) => { timer = setTimeout(r, ms); })]);
  clearTimeout(timer);
}
