// Azure AD / Entra ID groups through Microsoft Graph
// (`/users/{id}/transitiveMemberOf/microsoft.graph.group`), with the client
// credentials grant. Used when the token hit the group overage limit.
import { readFileSync } from 'node:fs';
import type { Identity } from '../identity.js';
import { claimValues } from '../roles/conditions.js';
import { directoryError, requestJson, TokenCache, tokenFrom, type FetchFn } from './http.js';
import type { GraphSourceConfig } from './schema.js';
import type { DirectorySource } from './source.js';

/** The object-id claim under its SAML and OIDC names. */
const SAML_OID = 'http://schemas.microsoft.com/identity/claims/objectidentifier';

export function graphSource(cfg: GraphSourceConfig, fetchFn: FetchFn, clock: () => number): DirectorySource {
  const secret = readFileSync(cfg.clientSecretFile, 'utf8').trim();
  const graph = new URL(cfg.graphBaseUrl);
  const tokens = new TokenCache(async () => {
    const url = new URL(`/${encodeURIComponent(cfg.tenantId)}/oauth2/v2.0/token`, cfg.authorityUrl).href;
    const body = new URLSearchParams({ client_id: cfg.clientId, client_secret: secret, scope: `${graph.origin}/.default`, grant_type: 'client_credentials' });
    return tokenFrom(cfg.id, await requestJson(cfg.id, fetchFn, url, { method: 'POST', body, timeoutMs: cfg.timeoutMs }));
  }, clock);

  return {
    id: cfg.id,
    userKey: (id: Identity) => claimValues(id, cfg.userClaim)[0] ?? claimValues(id, SAML_OID)[0],
    async groups(userKey) {
      const token = await tokens.get();
      const out: string[] = [];
      let next: string | undefined = new URL(`/v1.0/users/${encodeURIComponent(userKey)}/transitiveMemberOf/microsoft.graph.group?$select=id,displayName&$top=999`, graph).href;
      for (let page = 0; page < 50 && next; page += 1) {
        const body: Record<string, unknown> = await requestJson(cfg.id, fetchFn, next, { headers: { authorization: `Bearer ${token}` }, timeoutMs: cfg.timeoutMs });
        for (const g of (body.value ?? []) as Array<Record<string, unknown>>) {
          const name = g[cfg.groupName];
          if (typeof name === 'string') out.push(name);
        }
        const link = body['@odata.nextLink'];
        next = typeof link === 'string' ? link : undefined;
        // The bearer token goes only to the configured Graph origin.
        if (next && new URL(next).origin !== graph.origin) throw directoryError(cfg.id, 'nextLink points to another origin');
      }
      if (next) throw directoryError(cfg.id, 'too many pages of groups');
      return out;
    },
  };
}
