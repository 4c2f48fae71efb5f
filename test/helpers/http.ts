// Test HTTP client with a cookie jar: fetch with manual redirects so every hop's
// Set-Cookie is captured, like a browser would. Host-only cookies, path-match,
// Max-Age/Expires deletion and Secure are honoured; enough for our own servers.

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  secure: boolean;
  expires: number | undefined;
}

export class CookieJar {
  private cookies: StoredCookie[] = [];

  /** Records the Set-Cookie headers of a response received from `url`. */
  store(url: string, setCookies: readonly string[]): void {
    const u = new URL(url);
    for (const line of setCookies) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const c: StoredCookie = { name: pair.slice(0, eq), value: pair.slice(eq + 1), host: u.hostname, path: defaultPath(u.pathname), secure: false, expires: undefined };
      for (const attr of attrs) {
        const [k = '', v = ''] = attr.split('=');
        const key = k.toLowerCase();
        if (key === 'path' && v.startsWith('/')) c.path = v;
        else if (key === 'secure') c.secure = true;
        else if (key === 'max-age') c.expires = Date.now() + Number(v) * 1000;
        else if (key === 'expires' && c.expires === undefined) c.expires = Date.parse(v);
      }
      this.cookies = this.cookies.filter((o) => !(o.name === c.name && o.host === c.host && o.path === c.path));
      if (c.expires === undefined || c.expires > Date.now()) this.cookies.push(c);
    }
  }

  /** The Cookie header a browser would send to `url` (longest paths first). */
  header(url: string): string {
    const u = new URL(url);
    return this.cookies
      .filter((c) => c.host === u.hostname && pathMatch(u.pathname, c.path) && (!c.secure || u.protocol === 'https:'))
      .filter((c) => c.expires === undefined || c.expires > Date.now())
      .sort((x, y) => y.path.length - x.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  names(): string[] {
    return this.cookies.map((c) => c.name);
  }
}

function defaultPath(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function pathMatch(reqPath: string, cookiePath: string): boolean {
  if (reqPath === cookiePath) return true;
  if (!reqPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || reqPath[cookiePath.length] === '/';
}

export interface Hop {
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

export class HttpClient {
  readonly jar = new CookieJar();

  /** One request, no redirect following; cookies sent and stored. */
  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Hop> {
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.jar.header(url);
    if (cookie) headers.cookie = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.jar.store(url, res.headers.getSetCookie());
    return { url, status: res.status, headers: res.headers, body: await res.text() };
  }

  /**
   * Follows redirects (303/302/301 become GET) until a non-redirect answer, or until
   * `stopAt(location)` is true: then that location is returned unfetched (e.g. an RP callback).
   */
  async follow(url: string, init: { method?: string; form?: Record<string, string> } = {}, stopAt: (location: string) => boolean = () => false): Promise<Hop & { location?: string }> {
    let hop = await this.request(url, init);
    for (let i = 0; i < 20; i += 1) {
      const loc = hop.headers.get('location');
      if (hop.status < 300 || hop.status >= 400 || !loc) return hop;
      const next = new URL(loc, hop.url).href;
      if (stopAt(next)) return { ...hop, location: next };
      hop = await this.request(next);
    }
    throw new Error(`too many redirects from ${url}`);
  }
}
