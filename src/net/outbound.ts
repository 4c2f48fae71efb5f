// The bridge's outbound HTTP, wired once per configuration from `network`
// (or HTTPS_PROXY / NO_PROXY): a fetch for IdP discovery, JWKS, directory
// APIs and the console federation endpoint, and CONNECT-tunnelling agents for
// the STS client. Without a proxy it is plain global fetch and the SDK default.
import type http from 'node:http';
import type https from 'node:https';
import { Agent, ProxyAgent, fetch as undiciFetch } from 'undici';
import type { Config } from '../config/schema.js';
import { bypassesProxy, parseNoProxy, type NoProxyEntry } from './no-proxy.js';
import { TunnelHttpAgent, TunnelHttpsAgent } from './tunnel-agent.js';

/** Loopback always goes direct unless noProxy is set explicitly: the embedded dev servers live there. */
const DEFAULT_NO_PROXY = 'localhost,127.0.0.1,::1';

export interface ProxySettings { url: URL; noProxy: NoProxyEntry[] }

export function proxySettings(network: Config['network'], env: NodeJS.ProcessEnv = process.env): ProxySettings | undefined {
  const proxy = network.httpsProxy ?? env.HTTPS_PROXY ?? env.https_proxy;
  if (!proxy) return undefined;
  const noProxy = network.noProxy?.join(',') ?? env.NO_PROXY ?? env.no_proxy ?? DEFAULT_NO_PROXY;
  return { url: new URL(proxy), noProxy: parseNoProxy(noProxy) };
}

export interface Outbound {
  fetch: typeof fetch;
  /** For the AWS SDK (`requestHandler: { httpsAgent, httpAgent }`); absent without a proxy. */
  agents?: { httpsAgent: https.Agent; httpAgent: http.Agent };
  /** The proxy's origin without credentials (safe to log). */
  proxy?: string;
  close(): Promise<void>;
}

export function createOutbound(s: ProxySettings | undefined): Outbound {
  if (!s) return { fetch: (...a) => globalThis.fetch(...a), close: async () => {} };
  // undici tunnels https targets with CONNECT and forwards plain http ones in absolute form.
  const via = new ProxyAgent({ uri: s.url.href });
  const direct = new Agent();
  const proxied: typeof fetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const dispatcher = bypassesProxy(url, s.noProxy) ? direct : via;
    return undiciFetch(input as never, { ...init, dispatcher } as never) as unknown as Promise<Response>;
  };
  const agents = { httpsAgent: new TunnelHttpsAgent(s.url, s.noProxy), httpAgent: new TunnelHttpAgent(s.url, s.noProxy) };
  return {
    fetch: proxied, agents, proxy: s.url.origin,
    async close() {
      agents.httpsAgent.destroy();
      agents.httpAgent.destroy();
      await Promise.all([via.close(), direct.close()]);
    },
  };
}

const byConfig = new WeakMap<object, Outbound>();

/** One Outbound per loaded configuration, so every caller shares its connections. */
export function outboundFor(config: Readonly<Config>, env: NodeJS.ProcessEnv = process.env): Outbound {
  let o = byConfig.get(config);
  if (!o) {
    const made = createOutbound(proxySettings(config.network, env));
    // Closed means forgotten: a later stack on the same configuration gets fresh connections.
    o = { ...made, close: () => { byConfig.delete(config); return made.close(); } };
    byConfig.set(config, o);
  }
  return o;
}
