// Development identity providers (OIDC via oidc-provider at /oidc, SAML IdP at
// /saml) with demo users, so `npm start` works offline. Never for production.
import express, { type Express } from 'express';
import { BridgeError } from '../errors.ts';
import { errorHandler, noFavicon, notFound } from './errors.ts';
import { ensureDevKeyPair } from '../keys/certs.ts';
import { logger } from '../log.ts';
import { interactionRoutes } from './oidc/interactions.ts';
import { createProvider } from './oidc/provider.ts';
import { samlRoutes } from './saml/routes.ts';
import { ensureDevSecrets } from './secrets.ts';
import { loadDemoUsers, subjectFor, type DemoUser } from './users.ts';

export { loadDemoUsers, type DemoUser } from './users.ts';
export { OIDC_COOKIE_NAMES } from './oidc/provider.ts';

export interface OidcClientOption {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  token_endpoint_auth_method?: 'client_secret_basic' | 'client_secret_post' | 'none';
}

export interface SamlSpOption {
  entityId: string;
  acsUrls: string[];
}

export interface DevIdpOptions {
  /** Where the dev IdP server is reachable, e.g. http://localhost:3001 (no trailing slash). */
  publicUrl: string;
  /** config/demo-users.yaml */
  usersFile: string;
  /** Where generated keys live (certs/ in the app; a temp dir in tests). */
  certsDir: string;
  oidcClients: OidcClientOption[];
  /** SPs allowed to ask; a Response goes only to one of their ACS URLs. */
  samlServiceProviders: SamlSpOption[];
  /** Milliseconds since epoch; drives SAML timestamps (oidc-provider keeps its own clock). */
  clock?: () => number;
}

export interface DevIdp {
  /** The whole server: oidc-provider under /oidc, the SAML IdP under /saml. */
  handler: Express;
  /** `${publicUrl}/oidc` */
  oidcIssuer: string;
  saml: { entityId: string; ssoUrl: string; metadataUrl: string; certPem: string };
  users: DemoUser[];
  close(): Promise<void>;
}

const log = logger('devidp');

/** The public URL must be a bare http(s) origin: routes are mounted at /oidc and /saml of this server. */
function originOf(publicUrl: string): string {
  let u: URL;
  try {
    u = new URL(publicUrl);
  } catch {
    throw new BridgeError('config_invalid', `devidp publicUrl is not a URL: ${publicUrl}`);
  }
  if (!/^https?:$/.test(u.protocol) || u.pathname !== '/' || u.search || u.hash) {
    throw new BridgeError('config_invalid', `devidp publicUrl must be an http(s) origin without a path: ${publicUrl}`);
  }
  return u.origin;
}

export async function createDevIdp(opts: DevIdpOptions): Promise<DevIdp> {
  const publicUrl = originOf(opts.publicUrl);
  const users = loadDemoUsers(opts.usersFile);
  const secrets = await ensureDevSecrets(opts.certsDir);
  const signing = await ensureDevKeyPair(opts.certsDir, 'dev-saml-idp', 'sts-bridge dev SAML IdP');
  const accounts = new Map(users.map((u) => [subjectFor(secrets.subjectKey, u.username), u] as const));
  const oidcIssuer = `${publicUrl}/oidc`;
  const provider = createProvider({ issuer: oidcIssuer, clients: opts.oidcClients, secrets, accounts });
  const saml = {
    entityId: `${publicUrl}/saml/metadata`,
    ssoUrl: `${publicUrl}/saml/sso`,
    metadataUrl: `${publicUrl}/saml/metadata`,
    certPem: signing.certPem,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.get('/favicon.ico', noFavicon);
  app.use(interactionRoutes({ provider, users, subjectKey: secrets.subjectKey }));
  app.use(samlRoutes({
    ...saml, users, keyPem: signing.keyPem, subjectKey: secrets.subjectKey,
    stateKey: secrets.samlStateKey, sps: opts.samlServiceProviders, clock: opts.clock ?? Date.now,
  }));
  // Mounted last and without body parsers: oidc-provider parses its own bodies.
  app.use('/oidc', provider.callback());
  app.use(notFound);
  app.use(errorHandler);
  log.warn({ publicUrl, users: users.map((u) => u.username) }, 'development IdPs enabled (demo users only)');

  return {
    handler: app,
    oidcIssuer,
    saml,
    users,
    // Nothing long-lived to release (in-memory adapter, no timers); kept for callers' symmetry.
    close: async () => {},
  };
}
