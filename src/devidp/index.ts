// Development identity providers (OIDC via oidc-provider at /oidc, SAML IdP at
// /saml) with demo users, so `npm start` works offline. Never for production.
import express, { type Express } from 'express';
import { ensureDevKeyPair } from '../keys/certs.ts';
import { logger } from '../log.ts';
import { interactionRoutes } from './oidc/interactions.ts';
import { createProvider } from './oidc/provider.ts';
import { samlRoutes } from './saml/routes.ts';
import { ensureDevSecrets } from './secrets.ts';
import type { DevIdpOptions } from './types.ts';
import { loadDemoUsers, subjectFor, type DemoUser } from './users.ts';

export type { DevIdpOptions, OidcClientOption, SamlSpOption } from './types.ts';
export { loadDemoUsers, type DemoUser } from './users.ts';
export { OIDC_COOKIE_NAMES } from './oidc/provider.ts';

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

export async function createDevIdp(opts: DevIdpOptions): Promise<DevIdp> {
  const publicUrl = opts.publicUrl.replace(/\/+$/, '');
  const basePath = new URL(publicUrl).pathname.replace(/\/+$/, '');
  const users = loadDemoUsers(opts.usersFile);
  const secrets = await ensureDevSecrets(opts.certsDir);
  const signing = await ensureDevKeyPair(opts.certsDir, 'dev-saml-idp', 'sts-bridge dev SAML IdP');
  const accounts = new Map(users.map((u) => [subjectFor(secrets.subjectKey, u.username), u] as const));
  const oidcIssuer = `${publicUrl}/oidc`;
  const provider = createProvider({ issuer: oidcIssuer, basePath, clients: opts.oidcClients, secrets, accounts });
  const saml = {
    entityId: `${publicUrl}/saml/metadata`,
    ssoUrl: `${publicUrl}/saml/sso`,
    metadataUrl: `${publicUrl}/saml/metadata`,
    certPem: signing.certPem,
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', true);
  app.use(interactionRoutes({ provider, users, subjectKey: secrets.subjectKey, basePath }));
  app.use(samlRoutes({
    ...saml, basePath, users, keyPem: signing.keyPem, subjectKey: secrets.subjectKey,
    stateKey: secrets.samlStateKey, sps: opts.samlServiceProviders, clock: opts.clock ?? Date.now,
  }));
  // Mounted last and without body parsers: oidc-provider parses its own bodies.
  app.use('/oidc', provider.callback());
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
