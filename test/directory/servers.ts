// Loopback stand-ins for the Google Admin SDK Directory API and Microsoft
// Graph, answering in those APIs' documented shapes (groups.list pages with
// nextPageToken; transitiveMemberOf pages with @odata.nextLink).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, importSPKI, jwtVerify } from 'jose';

export interface Stub { url: string; calls: string[]; server: Server; close(): Promise<void> }

async function body(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const c of req) s += String(c);
  return s;
}

function start(handler: (req: IncomingMessage, body: string, url: URL, base: string) => Promise<[number, unknown]>): Promise<Stub> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const url = new URL(req.url ?? '/', base);
    calls.push(`${req.method} ${url.pathname}`);
    body(req).then((b) => handler(req, b, url, base)).then(([status, json]) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    }).catch((e: unknown) => res.writeHead(500).end(String(e)));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  })));
}

export function serviceAccountKey(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** groups.list for users in `memberships` (email → group emails), two groups per page. */
export function googleStub(publicPem: string, clientEmail: string, memberships: Record<string, string[]>): Promise<Stub> {
  return start(async (req, b, url, base) => {
    if (url.pathname === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(b);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return [400, { error: 'unsupported_grant_type' }];
      const { payload } = await jwtVerify(form.get('assertion')!, await importSPKI(publicPem, 'RS256'), { issuer: clientEmail, audience: `${base}/token` }).catch(() => ({ payload: undefined }));
      if (!payload || !String(payload.scope).includes('admin.directory.group.readonly') || !payload.sub) return [400, { error: 'invalid_grant' }];
      return [200, { access_token: `ya29.for-${payload.sub}`, expires_in: 3599, token_type: 'Bearer' }];
    }
    if (url.pathname === '/admin/directory/v1/groups') {
      if (!req.headers.authorization?.startsWith('Bearer ya29.')) return [401, { error: { code: 401, message: 'Login Required.' } }];
      const all = memberships[url.searchParams.get('userKey') ?? ''];
      if (!all) return [404, { error: { code: 404, message: 'Resource Not Found: userKey' } }];
      const start = Number(url.searchParams.get('pageToken') ?? 0);
      const page = all.slice(start, start + 2).map((email, i) => ({ kind: 'admin#directory#group', id: `0${start + i}abc`, email, name: email.split('@')[0]!.toUpperCase() }));
      return [200, { kind: 'admin#directory#groups', etag: '"x"', groups: page, ...(start + 2 < all.length ? { nextPageToken: String(start + 2) } : {}) }];
    }
    return [404, { error: 'not found' }];
  });
}

/** transitiveMemberOf for users in `memberships` (object id → display names), two per page. */
export function graphStub(secret: string, memberships: Record<string, string[]>, opts: { foreignNextLink?: string } = {}): Promise<Stub> {
  return start(async (req, b, url, base) => {
    if (/^\/[^/]+\/oauth2\/v2\.0\/token$/.test(url.pathname)) {
      const form = new URLSearchParams(b);
      if (form.get('client_secret') !== secret || form.get('grant_type') !== 'client_credentials') return [401, { error: 'invalid_client' }];
      return [200, { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: 'eyJ.graph-token' }];
    }
    const m = /^\/v1\.0\/users\/([^/]+)\/transitiveMemberOf\/microsoft\.graph\.group$/.exec(url.pathname);
    if (m) {
      if (req.headers.authorization !== 'Bearer eyJ.graph-token') return [401, { error: { code: 'InvalidAuthenticationToken' } }];
      const all = memberships[decodeURIComponent(m[1]!)];
      if (!all) return [404, { error: { code: 'Request_ResourceNotFound' } }];
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const value = all.slice(skip, skip + 2).map((displayName, i) => ({ '@odata.type': '#microsoft.graph.group', id: `00000000-0000-4000-8000-00000000000${skip + i}`, displayName }));
      const next = skip + 2 < all.length ? (opts.foreignNextLink ?? `${base}${url.pathname}?$select=id,displayName&$skiptoken=${skip + 2}`) : undefined;
      return [200, { '@odata.context': `${base}/v1.0/$metadata#groups`, value, ...(next ? { '@odata.nextLink': next } : {}) }];
    }
    return [404, { error: 'not found' }];
  });
}

export { decodeJwt };
