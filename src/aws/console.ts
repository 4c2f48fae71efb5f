// The AWS console federation sign-in URL: getSigninToken, then Action=login.
// The resulting URL is a bearer secret for 15 minutes, so it is built only
// when the user clicks and sent straight out as a redirect, never stored.
import { BridgeError } from '../errors.js';
import type { Credentials } from './sts.js';

export interface ConsoleUrlInput {
  federationEndpoint: string;
  credentials: Credentials;
  /** Where "session expired" sends the user back to: the bridge. */
  issuer: string;
  destination: string;
  sessionDurationSec?: number;
  fetchImpl?: typeof fetch;
}

export async function consoleSigninUrl(i: ConsoleUrlInput): Promise<string> {
  const session = JSON.stringify({ sessionId: i.credentials.accessKeyId, sessionKey: i.credentials.secretAccessKey, sessionToken: i.credentials.sessionToken });
  const body = new URLSearchParams({ Action: 'getSigninToken', Session: session });
  if (i.sessionDurationSec !== undefined) body.set('SessionDuration', String(i.sessionDurationSec));
  let token: unknown;
  try {
    // POST keeps the session credentials out of any URL or access log.
    const res = await (i.fetchImpl ?? fetch)(i.federationEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new BridgeError('sts_refused', 'AWS refused to create a console session.', { detail: `federation endpoint answered ${res.status}` });
    token = ((await res.json()) as { SigninToken?: unknown }).SigninToken;
  } catch (e) {
    if (e instanceof BridgeError) throw e;
    throw new BridgeError('sts_unavailable', 'The AWS sign-in service could not be reached.', { detail: (e as Error).message, cause: e });
  }
  if (typeof token !== 'string' || token.length === 0) throw new BridgeError('sts_unavailable', 'AWS answered without a sign-in token.');
  const q = new URLSearchParams({ Action: 'login', Issuer: i.issuer, Destination: i.destination, SigninToken: token });
  return `${i.federationEndpoint}?${q.toString()}`;
}
