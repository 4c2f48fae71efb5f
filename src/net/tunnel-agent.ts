// Node http(s) agents that reach their target through an HTTP CONNECT tunnel,
// for clients that take an agent rather than a fetch (the AWS SDK's
// NodeHttpHandler). Hosts on the no-proxy list connect directly.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { bypassesProxy, type NoProxyEntry } from './no-proxy.js';

type ConnectOptions = { host?: string | null; hostname?: string | null; port?: number | string | null; servername?: string } & tls.ConnectionOptions;
type Callback = (err: Error | null, socket?: Duplex) => void;

/** Proxy-Authorization from credentials in the proxy URL; never logged. */
function proxyAuth(proxy: URL): Record<string, string> {
  if (!proxy.username) return {};
  const user = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { 'proxy-authorization': `Basic ${Buffer.from(user).toString('base64')}` };
}

/** Opens a CONNECT tunnel to host:port and hands the raw socket to `done`. */
export function openTunnel(proxy: URL, host: string, port: number, cb: Callback): void {
  let settled = false;
  const done: Callback = (e, s) => { if (!settled) { settled = true; cb(e, s); } };
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const request = proxy.protocol === 'https:' ? https.request : http.request;
  const req = request({
    host: proxy.hostname, port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT', path: target, headers: { host: target, ...proxyAuth(proxy) }, timeout: 10_000,
  });
  req.once('connect', (res, socket) => {
    if (res.statusCode === 200) return done(null, socket);
    socket.destroy();
    done(new Error(`proxy refused CONNECT to ${target}: ${res.statusCode}`));
  });
  req.once('timeout', () => req.destroy(new Error(`proxy did not answer CONNECT to ${target}`)));
  req.once('error', (e) => done(e));
  req.end();
}

const targetOf = (o: ConnectOptions, tlsPort: boolean) => ({
  host: String(o.hostname ?? o.host ?? 'localhost'),
  port: Number(o.port ?? (tlsPort ? 443 : 80)),
});

export class TunnelHttpsAgent extends https.Agent {
  constructor(private readonly proxy: URL, private readonly noProxy: NoProxyEntry[], opts: https.AgentOptions = {}) { super({ keepAlive: true, ...opts }); }

  override createConnection(o: ConnectOptions, cb: Callback): Duplex | undefined {
    const t = targetOf(o, true);
    if (bypassesProxy(new URL(`https://${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`), this.noProxy)) return tls.connect({ ...o, host: t.host, port: t.port } as tls.ConnectionOptions);
    openTunnel(this.proxy, t.host, t.port, (err, socket) => {
      if (err || !socket) return cb(err ?? new Error('no tunnel'));
      let settled = false;
      const finish: Callback = (e, s) => { if (!settled) { settled = true; cb(e, s); } };
      const secure = tls.connect({ ...o, socket, servername: o.servername ?? t.host } as tls.ConnectionOptions);
      secure.once('secureConnect', () => finish(null, secure));
      secure.once('error', (e) => finish(e));
    });
    return undefined;
  }
}

export class TunnelHttpAgent extends http.Agent {
  constructor(private readonly proxy: URL, private readonly noProxy: NoProxyEntry[], opts: http.AgentOptions = {}) { super({ keepAlive: true, ...opts }); }

  override createConnection(o: ConnectOptions, cb: Callback): Duplex | undefined {
    const t = targetOf(o, false);
    if (bypassesProxy(new URL(`http://${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`), this.noProxy)) {
      return net.createConnection({ host: t.host, port: t.port });
    }
    openTunnel(this.proxy, t.host, t.port, cb);
    return undefined;
  }
}
