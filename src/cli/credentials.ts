// AWS credentials for one role, from the local cache while they have more
// than five minutes left (the SDKs' own refresh margin), else fresh from the
// bridge with the CLI session. Cache files are 0600 in a 0700 directory.
import { callBridge, BridgeRefusal, type AwsCredentials, type CredentialsAnswer } from './bridge-client.js';
import { EXIT } from './errors.js';
import { ensurePrivateDir, readJsonIfExists, removeFile, writeFileAtomic } from './files.js';
import { cacheDir, credentialsCacheFile } from './paths.js';
import { forgetSession, requireSession } from './session-store.js';

export const REFRESH_AHEAD_MS = 5 * 60 * 1000;

export interface RoleRequest { bridgeUrl: string; roleArn: string; durationSec?: number }
export interface CachedCredentials extends AwsCredentials { Version: 1; RoleArn: string; Region: string; BridgeUrl: string }

const fresh = (c: CachedCredentials | undefined, now: number): c is CachedCredentials =>
  !!c && typeof c.Expiration === 'string' && Date.parse(c.Expiration) - now > REFRESH_AHEAD_MS;

export function cachedCredentials(r: RoleRequest, env: NodeJS.ProcessEnv = process.env): CachedCredentials | undefined {
  return readJsonIfExists<CachedCredentials>(credentialsCacheFile(r.bridgeUrl, r.roleArn, r.durationSec, env));
}

/** Fresh credentials for the role; `force` skips the cache. */
export async function getCredentials(r: RoleRequest, o: { force?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<CachedCredentials> {
  const env = o.env ?? process.env;
  const file = credentialsCacheFile(r.bridgeUrl, r.roleArn, r.durationSec, env);
  const cached = readJsonIfExists<CachedCredentials>(file);
  if (!o.force && fresh(cached, Date.now())) return cached;
  const session = requireSession(r.bridgeUrl, env);
  let out: CredentialsAnswer;
  try {
    out = await callBridge<CredentialsAnswer>(r.bridgeUrl, '/api/native/credentials', {
      token: session.token, body: { role_arn: r.roleArn, ...(r.durationSec ? { duration_seconds: r.durationSec } : {}) },
    });
  } catch (e) {
    // A revoked or ended session is dead everywhere: drop it and what it issued.
    if (e instanceof BridgeRefusal && e.exitCode === EXIT.login) { forgetSession(r.bridgeUrl, env); removeFile(file); }
    throw e;
  }
  const c: CachedCredentials = { Version: 1, ...out.credentials, RoleArn: out.role_arn, Region: out.region, BridgeUrl: r.bridgeUrl };
  ensurePrivateDir(cacheDir(env));
  writeFileAtomic(file, `${JSON.stringify(c)}\n`, 0o600);
  return c;
}
