// NO_PROXY matching, one rule for every outbound path (fetch and the STS
// client): entries split on commas or spaces; `*` matches everything; an entry
// matches the host itself and its subdomains (a leading dot is optional); an
// entry with `:port` matches that port only. IP literals match exactly.

export interface NoProxyEntry { host: string; port?: number }

export function parseNoProxy(list: string): NoProxyEntry[] {
  return list.split(/[\s,]+/).filter(Boolean).map((raw) => {
    const e = raw.toLowerCase().replace(/^\*?\./, '');
    const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(e) ?? /^([^:]+):(\d+)$/.exec(e);
    // A bare IPv6 literal (`::1`) has colons but no port.
    return m ? { host: m[1]!, ...(m[2] ? { port: Number(m[2]) } : {}) } : { host: e };
  });
}

/** True when a request to this URL must go direct, not through the proxy. */
export function bypassesProxy(url: URL, entries: NoProxyEntry[]): boolean {
  const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return entries.some((e) => {
    if (e.host === '*') return true;
    if (e.port !== undefined && e.port !== port) return false;
    return host === e.host || host.endsWith(`.${e.host}`);
  });
}
