// Console federation (id_roles_providers_enable-console-custom-url.md):
// getSigninToken trades valid STS credentials for a 15-minute single-use token;
// login trades the token for a console cookie and a small /console page.
import express, { type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { sameSecret, type SessionRecord } from './credentials.js';
import { escapeXml as esc } from './xml.js';
import type { Runtime } from './runtime.js';

const TOKEN_TTL_MS = 15 * 60_000;
const COOKIE = 'sts_console';
interface ConsoleGrant { session: SessionRecord; expires: number; destination?: string; issuer?: string }

class FederationError extends Error {
  constructor(readonly status: 400 | 403, message: string) { super(message); }
}

function params(req: Request): URLSearchParams {
  const q = new URLSearchParams(req.originalUrl.split(/\?(.*)/s)[1] ?? '');
  if (req.method === 'POST' && Buffer.isBuffer(req.body)) for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) if (!q.has(k)) q.set(k, v);
  return q;
}

const page = (title: string, body: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><h1>${esc(title)}</h1>${body}</body></html>\n`;

export class Federation {
  private readonly tokens = new Map<string, { grant: ConsoleGrant; created: number }>();
  private readonly consoles = new Map<string, ConsoleGrant>();
  constructor(private readonly rt: Runtime, private readonly publicUrl: string) {}

  private sweep(now: number): void {
    for (const [k, v] of this.tokens) if (v.created + TOKEN_TTL_MS <= now) this.tokens.delete(k);
    for (const [k, v] of this.consoles) if (v.expires <= now) this.consoles.delete(k);
  }

  /** Session JSON must name credentials this STS issued, unexpired, with matching key and token. */
  async signinToken(q: URLSearchParams): Promise<string> {
    let s: { sessionId?: unknown; sessionKey?: unknown; sessionToken?: unknown };
    try { s = JSON.parse(q.get('Session') ?? ''); } catch { throw new FederationError(400, 'Session must be JSON {sessionId, sessionKey, sessionToken}'); }
    if (typeof s?.sessionId !== 'string' || typeof s.sessionKey !== 'string' || typeof s.sessionToken !== 'string') throw new FederationError(400, 'Session must be JSON {sessionId, sessionKey, sessionToken}');
    const now = this.rt.clock();
    const rec = await this.rt.store.get(s.sessionId);
    if (!rec || !sameSecret(s.sessionKey, rec.secretAccessKey) || !sameSecret(s.sessionToken, rec.sessionToken)) throw new FederationError(403, 'The credentials are not valid.');
    if (rec.expiration <= now) throw new FederationError(403, 'The credentials have expired.');
    if (rec.issuedBy === 'GetSessionToken') throw new FederationError(403, 'GetSessionToken credentials cannot sign in to the console.');
    let expires = rec.expiration;
    const sd = q.get('SessionDuration');
    if (sd !== null) {
      if (!/^\d{3,5}$/.test(sd) || +sd < 900 || +sd > 43200) throw new FederationError(400, 'SessionDuration must be between 900 and 43200 seconds.');
      // AWS refuses SessionDuration for chained-role and GetFederationToken credentials.
      if (rec.chained || rec.issuedBy === 'GetFederationToken') throw new FederationError(400, 'SessionDuration is not allowed with these credentials.');
      expires = now + +sd * 1000;
    }
    if (rec.chained) expires = Math.min(expires, now + 3_600_000);
    this.sweep(now);
    const token = randomBytes(48).toString('base64url');
    this.tokens.set(token, { grant: { session: rec, expires }, created: now });
    return token;
  }

  login(q: URLSearchParams): { cookie: string; grant: ConsoleGrant } {
    const destination = q.get('Destination') ?? '';
    if (!/^https?:\/\/[^\s]+$/i.test(destination)) throw new FederationError(400, 'Destination must be an absolute http(s) URL.');
    const t = this.tokens.get(q.get('SigninToken') ?? '');
    this.tokens.delete(q.get('SigninToken') ?? ''); // single use, even when it has expired
    const now = this.rt.clock();
    if (!t || t.created + TOKEN_TTL_MS <= now || t.grant.expires <= now) throw new FederationError(403, 'The sign-in token is invalid or has expired.');
    const grant = { ...t.grant, destination, ...(q.get('Issuer') ? { issuer: q.get('Issuer')! } : {}) };
    const cookie = randomBytes(32).toString('base64url');
    this.consoles.set(cookie, grant);
    return { cookie, grant };
  }

  consolePage(cookieHeader: string | undefined): string {
    const id = /(?:^|;\s*)sts_console=([\w-]+)/.exec(cookieHeader ?? '')?.[1];
    const g = id ? this.consoles.get(id) : undefined;
    if (!g || g.expires <= this.rt.clock()) throw new FederationError(403, 'Your console session is missing or has expired. Sign in again.');
    const s = g.session;
    const alias = this.rt.model.accounts.find((a) => a.id === s.accountId)?.alias;
    const row = (k: string, v: string | undefined): string => (v ? `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>` : '');
    return page('Local AWS console', `<table>${row('Account', s.accountId + (alias ? ` (${alias})` : ''))}${row('Role', s.roleName ?? s.arn)}${row('Session name', s.sessionName)}${row('Identity', s.arn)}${row('Expires', new Date(g.expires).toISOString())}${row('Destination', g.destination)}${row('Issuer', g.issuer)}</table>`);
  }

  router(): express.Router {
    const r = express.Router();
    const fail = (res: Response, e: unknown): void => {
      const fe = e instanceof FederationError ? e : new FederationError(400, 'Bad request.');
      res.status(fe.status).type('html').send(page('Sign-in failed', `<p>${esc(fe.message)}</p>`));
    };
    r.all('/federation', async (req, res) => {
      if (req.method !== 'GET' && req.method !== 'POST') return void res.status(405).end();
      const q = params(req);
      try {
        const action = q.get('Action');
        if (action === 'getSigninToken') return void res.json({ SigninToken: await this.signinToken(q) });
        if (action !== 'login') throw new FederationError(400, 'Action must be getSigninToken or login.');
        const { cookie } = this.login(q);
        const secure = this.publicUrl.startsWith('https:') ? '; Secure' : '';
        res.setHeader('Set-Cookie', `${COOKIE}=${cookie}; Path=/; HttpOnly; SameSite=Lax${secure}`);
        res.redirect(302, `${this.publicUrl}/console`);
      } catch (e) { fail(res, e); }
    });
    r.get('/console', (req, res) => {
      try { res.type('html').send(this.consolePage(req.headers.cookie)); } catch (e) { fail(res, e); }
    });
    return r;
  }
}
