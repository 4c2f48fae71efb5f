// Public option types of the dev IdPs (re-exported from index.ts).
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
