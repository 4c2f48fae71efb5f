// A tiny loopback HTTP proxy for tests: CONNECT tunnels and plain absolute-form
// forwarding. Plain HTTP inside a tunnel is read request by request (so every
// request counts even over a kept-alive tunnel); TLS inside a tunnel is piped.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import net from 'node:net';
import type { Duplex } from 'node:stream';

export interface SeenRequest { kind: 'connect' | 'forward' | 'tunnelled'; target: string; method: string; auth?: string }

export interface TestProxy { url: string; seen: SeenRequest[]; close(): Promise<void> }

const TUNNEL = Symbol('tunnel target');

function forward(target: URL, req: IncomingMessage, res: ServerResponse): void {
  const headers = { ...req.headers };
  delete headers['proxy-authorization'];
  delete headers['proxy-connection'];
  const up = http.request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers }, (r) => {
    res.writeHead(r.statusCode ?? 502, r.headers);
    r.pipe(res);
  });
  up.on('error', () => { res.writeHead(502).end(); });
  req.pipe(up);
}

export async function startTestProxy(): Promise<TestProxy> {
  const seen: SeenRequest[] = [];
  const auth = (req: IncomingMessage) => (req.headers['proxy-authorization'] ? { auth: req.headers['proxy-authorization'] } : {});
  const inner = http.createServer((req, res) => {
    const target = new URL(req.url ?? '/', `http://${(req.socket as Socket & { [TUNNEL]?: string })[TUNNEL]}`);
    seen.push({ kind: 'tunnelled', target: target.href, method: req.method ?? '' });
    forward(target, req, res);
  });
  const server = http.createServer((req, res) => {
    seen.push({ kind: 'forward', target: req.url ?? '', method: req.method ?? '', ...auth(req) });
    forward(new URL(req.url ?? ''), req, res);
  });
  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    const target = req.url ?? '';
    seen.push({ kind: 'connect', target, method: 'CONNECT', ...auth(req) });
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const route = (first: Buffer) => {
      if (first[0] === 0x16) {
        // TLS: the proxy cannot read it, so it only pipes.
        const port = Number(/:(\d+)$/.exec(target)?.[1]);
        const up = net.connect(port, target.replace(/:\d+$/, '').replace(/^\[|\]$/g, ''), () => { up.write(first); up.pipe(client); client.pipe(up); client.resume(); });
        up.on('error', () => client.destroy());
        client.on('error', () => up.destroy());
      } else {
        (client as Socket & { [TUNNEL]?: string })[TUNNEL] = target;
        client.unshift(first);
        inner.emit('connection', client);
        client.resume();
      }
    };
    if (head.length) route(head);
    else client.once('data', (d: Buffer) => { client.pause(); route(d); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`, seen,
    close: () => new Promise<void>((r) => { inner.closeAllConnections(); server.closeAllConnections(); server.close(() => r()); }),
  };
}
