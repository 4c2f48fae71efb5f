// Corporate proxy (issue 5): with `network.httpsProxy` every outbound call —
// OIDC discovery, JWKS, STS, console federation — goes through the proxy,
// proven by a loopback proxy that counts what it carried.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSelfSigned } from '../../src/keys/certs.js';
import { bypassesProxy, parseNoProxy } from '../../src/net/no-proxy.js';
import { createOutbound, proxySettings } from '../../src/net/outbound.js';
import { realIdToken } from '../helpers/id-token.js';
import { inputValues, signIn } from '../helpers/login.js';
import { startTestProxy, type SeenRequest, type TestProxy } from '../helpers/proxy.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

describe('NO_PROXY matching and settings', () => {
  it('matches hosts, subdomains, ports, IPv6 and *', () => {
    const e = parseNoProxy('.corp.example, localhost:3000 [::1] 10.0.0.1');
    expect(bypassesProxy(new URL('https://idp.corp.example/x'), e)).toBe(true);
    expect(bypassesProxy(new URL('https://corp.example/x'), e)).toBe(true);
    expect(bypassesProxy(new URL('https://notcorp.example/x'), e)).toBe(false);
    expect(bypassesProxy(new URL('http://localhost:3000/'), e)).toBe(true);
    expect(bypassesProxy(new URL('http://localhost:3001/'), e)).toBe(false);
    expect(bypassesProxy(new URL('http://[::1]:9/'), e)).toBe(true);
    expect(bypassesProxy(new URL('http://10.0.0.1/'), e)).toBe(true);
    expect(bypassesProxy(new URL('https://sts.amazonaws.com/'), parseNoProxy('*'))).toBe(true);
  });

  it('config wins over HTTPS_PROXY; NO_PROXY applies; loopback is direct by default', () => {
    expect(proxySettings({}, {})).toBeUndefined();
    const env = proxySettings({}, { HTTPS_PROXY: 'http://proxy.corp:8080' })!;
    expect(env.url.host).toBe('proxy.corp:8080');
    expect(bypassesProxy(new URL('http://localhost:3001/'), env.noProxy)).toBe(true);
    const cfg = proxySettings({ httpsProxy: 'http://p2:3128', noProxy: [] }, { HTTPS_PROXY: 'http://proxy.corp:8080', NO_PROXY: 'x' })!;
    expect(cfg.url.host).toBe('p2:3128');
    expect(cfg.noProxy).toEqual([]);
    expect(proxySettings({}, { HTTPS_PROXY: 'http://p', NO_PROXY: '.corp' })!.noProxy).toEqual([{ host: 'corp' }]);
  });
});

describe('an https target through the CONNECT tunnel agent', () => {
  it('reaches a TLS server via CONNECT with proxy credentials', async () => {
    const proxy = await startTestProxy();
    const { keyPem, certPem } = await generateSelfSigned('localhost');
    const server = https.createServer({ key: keyPem, cert: certPem }, (_req, res) => res.end('tls-ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as AddressInfo).port;
    const withCreds = new URL(proxy.url);
    withCreds.username = 'u';
    withCreds.password = 'p w';
    const out = createOutbound({ url: withCreds, noProxy: [] });
    try {
      const body = await new Promise<string>((resolve, reject) => {
        https.get({ host: 'localhost', port, path: '/', agent: out.agents!.httpsAgent, ca: certPem }, (res) => {
          let b = '';
          res.on('data', (c) => { b += c; });
          res.on('end', () => resolve(b));
        }).on('error', reject);
      });
      expect(body).toBe('tls-ok');
      expect(proxy.seen).toEqual([{ kind: 'connect', target: `localhost:${port}`, method: 'CONNECT', auth: `Basic ${Buffer.from('u:p w').toString('base64')}` }]);
    } finally {
      await out.close();
      server.close();
      await proxy.close();
    }
  });
});

describe('the whole bridge behind a proxy', () => {
  let proxy: TestProxy;
  let stack: TestStack;
  beforeAll(async () => {
    proxy = await startTestProxy();
    // noProxy: [] so even the loopback dev servers are reached through the proxy.
    stack = await startTestStack((raw) => { raw.network = { httpsProxy: proxy.url, noProxy: [] }; });
  });
  afterAll(async () => { await stack?.stop(); await proxy?.close(); });

  const through = (pred: (s: SeenRequest) => boolean) => proxy.seen.filter(pred).length;

  it('fetched OIDC discovery through the proxy at start-up', () => {
    expect(through((s) => s.kind === 'tunnelled' && s.target.startsWith(stack.idpUrl!) && s.target.includes('/.well-known/openid-configuration'))).toBe(1);
  });

  it('token exchange: JWKS and STS go through the proxy', async () => {
    const token = await realIdToken(stack.devIdp!.oidcIssuer, 'bob');
    const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: token, role_arn: 'arn:aws:iam::111111111111:role/ReadOnly' }) });
    expect(res.status).toBe(200);
    const awsHost = new URL(stack.awsUrl!).host;
    expect(through((s) => s.kind === 'connect' && s.target === awsHost)).toBeGreaterThan(0);
    expect(through((s) => s.kind === 'tunnelled' && s.target === `${stack.awsUrl}/` && s.method === 'POST')).toBe(1);
    expect(through((s) => s.kind === 'tunnelled' && s.target.startsWith(stack.idpUrl!) && /jwks/.test(s.target))).toBe(1);
  });

  it('the console federation call goes through the proxy', async () => {
    const { client, page } = await signIn(stack.bridgeUrl, 'dev-saml', 'bob');
    const csrf = inputValues(page.body, 'csrf')[0]!;
    const r = await client.request(`${stack.bridgeUrl}/console`, { form: { csrf, role: 'arn:aws:iam::111111111111:role/ReadOnly' } });
    expect(r.status).toBe(303);
    expect(through((s) => s.kind === 'tunnelled' && s.method === 'POST' && s.target === `${stack.awsUrl}/federation`)).toBe(1);
  });
});

describe('the bridge with HTTPS_PROXY-style defaults', () => {
  it('keeps loopback direct when noProxy is not set', async () => {
    const proxy = await startTestProxy();
    const stack = await startTestStack((raw) => { raw.network = { httpsProxy: proxy.url }; });
    try {
      const token = await realIdToken(stack.devIdp!.oidcIssuer, 'bob');
      const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: token, role_arn: 'arn:aws:iam::111111111111:role/ReadOnly' }) });
      expect(res.status).toBe(200);
      expect(proxy.seen).toEqual([]);
    } finally {
      await stack.stop();
      await proxy.close();
    }
  });
});
