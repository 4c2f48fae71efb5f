// oidc-provider (panva) configured as the development OpenID Provider:
// code flow + PKCE S256 only, claims in the ID token, persisted keys, and
// interactions handed to our own express routes (see interactions.ts).
import Provider, { type ClientMetadata, type Configuration } from 'oidc-provider';
import type { DemoUser } from '../users.ts';
import type { DevSecrets } from '../secrets.ts';
import type { OidcClientOption } from '../index.ts';

/** Cookie names are prefixed so they cannot clash with the bridge's cookies: browsers share localhost cookies across ports. */
export const OIDC_COOKIE_NAMES = {
  session: 'devidp_oidc_session',
  interaction: 'devidp_oidc_interaction',
  resume: 'devidp_oidc_resume',
} as const;

export interface ProviderArgs {
  issuer: string;
  clients: readonly OidcClientOption[];
  secrets: DevSecrets;
  /** Opaque subject → user. */
  accounts: ReadonlyMap<string, DemoUser>;
}

function clientMetadata(c: OidcClientOption): ClientMetadata {
  const method = c.token_endpoint_auth_method ?? (c.client_secret ? 'client_secret_basic' : 'none');
  return {
    client_id: c.client_id,
    ...(method === 'none' || !c.client_secret ? {} : { client_secret: c.client_secret }),
    redirect_uris: [...c.redirect_uris],
    token_endpoint_auth_method: method,
    grant_types: ['authorization_code'],
    response_types: ['code'],
  };
}

export function createProvider(a: ProviderArgs): Provider {
  const config: Configuration = {
    clients: a.clients.map(clientMetadata),
    jwks: a.secrets.jwks as Configuration['jwks'],
    cookies: { keys: a.secrets.cookieKeys, names: { ...OIDC_COOKIE_NAMES } },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'preferred_username'],
      groups: ['groups'],
    },
    // The bridge's mobile token exchange reads claims from the ID token alone.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    // Explicit lifetimes (seconds): short artifacts, a working-day session.
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600, AccessToken: 3600, IdToken: 3600 },
    features: { devInteractions: { enabled: false }, revocation: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/oidc/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const user = a.accounts.get(sub);
      if (!user) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: user.email,
          email_verified: true,
          name: user.name,
          preferred_username: user.username,
          groups: [...user.groups],
        }),
      };
    },
  };
  const provider = new Provider(a.issuer, config);
  // Trust X-Forwarded-Proto/Host so a TLS-terminating proxy in front still yields https URLs;
  // on plain http localhost ctx.secure is false and oidc-provider then sets non-Secure cookies.
  provider.proxy = true;
  return provider;
}
