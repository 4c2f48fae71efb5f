// Google Workspace groups through the Admin SDK Directory API
// (`groups.list?userKey=`), with a service account acting for an admin
// (OAuth 2.0 JWT bearer grant, RFC 7523).
import { readFileSync } from 'node:fs';
import { importPKCS8, SignJWT } from 'jose';
import type { Identity } from '../identity.js';
import { directoryError, requestJson, TokenCache, tokenFrom, type FetchFn } from './http.js';
import type { GoogleSourceConfig } from './schema.js';
import type { DirectorySource } from './source.js';

const SCOPE = 'https://www.googleapis.com/auth/admin.directory.group.readonly';

interface ServiceAccount { client_email: string; private_key: string; token_uri: string }

function readServiceAccount(file: string): ServiceAccount {
  const sa = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServiceAccount>;
  if (!sa.client_email || !sa.private_key || !sa.token_uri) throw new Error(`${file}: not a service-account key (client_email, private_key, token_uri)`);
  return sa as ServiceAccount;
}

export function googleSource(cfg: GoogleSourceConfig, fetchFn: FetchFn, clock: () => number): DirectorySource {
  const sa = readServiceAccount(cfg.serviceAccountFile);
  const tokens = new TokenCache(async () => {
    const key = await importPKCS8(sa.private_key, 'RS256');
    const now = Math.floor(clock() / 1000);
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setIssuer(sa.client_email).setSubject(cfg.adminEmail).setAudience(sa.token_uri)
      .setIssuedAt(now).setExpirationTime(now + 3600).sign(key);
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    return tokenFrom(cfg.id, await requestJson(cfg.id, fetchFn, sa.token_uri, { method: 'POST', body, timeoutMs: cfg.timeoutMs }));
  }, clock);

  return {
    id: cfg.id,
    userKey: (id: Identity) => id.email?.toLowerCase(),
    async groups(userKey) {
      const token = await tokens.get();
      const out: string[] = [];
      let pageToken: string | undefined;
      for (let page = 0; page < 50; page += 1) {
        const url = new URL('/admin/directory/v1/groups', cfg.apiBaseUrl);
        url.searchParams.set('userKey', userKey);
        url.searchParams.set('maxResults', '200');
        if (pageToken) url.searchParams.set('pageToken', pageToken);
        const body = await requestJson(cfg.id, fetchFn, url.href, { headers: { authorization: `Bearer ${token}` }, timeoutMs: cfg.timeoutMs });
        for (const g of (body.groups ?? []) as Array<Record<string, unknown>>) {
          const name = g[cfg.groupName];
          if (typeof name === 'string') out.push(name);
        }
        pageToken = typeof body.nextPageToken === 'string' && body.nextPageToken ? body.nextPageToken : undefined;
        if (!pageToken) return out;
      }
      throw directoryError(cfg.id, 'too many pages of groups');
    },
  };
}
