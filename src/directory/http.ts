// Small JSON-over-HTTP helpers for the directory APIs. A failure never
// includes a token or secret in its detail.
import { BridgeError } from '../errors.js';

export type FetchFn = typeof fetch;

export function directoryError(source: string, detail: string, cause?: unknown): BridgeError {
  return new BridgeError('directory_unavailable', 'Your groups could not be read from the directory right now; try again shortly.', {
    detail: `directory ${source}: ${detail}`, ...(cause !== undefined ? { cause } : {}), extra: { reason: 'directory_unavailable' },
  });
}

export async function requestJson(source: string, fetchFn: FetchFn, url: string, init: RequestInit & { timeoutMs: number }): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetchFn(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs), redirect: 'error' });
  } catch (e) {
    throw directoryError(source, `${new URL(url).origin}${new URL(url).pathname}: ${(e as Error).message}`, e);
  }
  const text = await res.text();
  if (!res.ok) throw directoryError(source, `${new URL(url).pathname} answered ${res.status}: ${text.slice(0, 200)}`);
  try {
    const v = JSON.parse(text) as unknown;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch (e) {
    throw directoryError(source, `${new URL(url).pathname} answered with invalid JSON`, e);
  }
}

/** An OAuth access token, kept until a minute before it expires. */
export class TokenCache {
  private token: { value: string; expires: number } | undefined;
  constructor(private readonly fetchToken: () => Promise<{ access_token: string; expires_in: number }>, private readonly clock: () => number) {}

  async get(): Promise<string> {
    if (this.token && this.token.expires > this.clock()) return this.token.value;
    const t = await this.fetchToken();
    this.token = { value: t.access_token, expires: this.clock() + Math.max(0, t.expires_in - 60) * 1000 };
    return t.access_token;
  }
}

export function tokenFrom(source: string, body: Record<string, unknown>): { access_token: string; expires_in: number } {
  if (typeof body.access_token !== 'string') throw directoryError(source, 'token endpoint answered without access_token');
  return { access_token: body.access_token, expires_in: Number(body.expires_in ?? 3600) || 3600 };
}
