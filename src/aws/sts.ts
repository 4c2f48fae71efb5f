// The one way the bridge reaches AWS STS: the real @aws-sdk/client-sts, aimed
// at the local STS or at real AWS by configuration alone.
import { AssumeRoleWithSAMLCommand, STSClient, STSServiceException, type AssumeRoleWithSAMLCommandOutput } from '@aws-sdk/client-sts';
import { BridgeError } from '../errors.js';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO-8601 UTC. */
  expiration: string;
}

export interface AssumedRole {
  credentials: Credentials;
  assumedRoleArn: string;
  assumedRoleId: string;
  sourceIdentity?: string;
  requestId?: string;
}

export interface StsOptions {
  region: string;
  /** Omit for the SDK's regional endpoint. */
  endpoint?: string;
  /** Proxy-tunnelling agents (src/net/outbound.ts); omit for a direct connection. */
  agents?: { httpsAgent: unknown; httpAgent: unknown };
}

export function createStsClient(o: StsOptions): STSClient {
  // STS's unsigned calls still make the SDK look for credentials unless told
  // not to; the bridge itself holds no AWS credentials.
  return new STSClient({
    region: o.region,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.agents ? { requestHandler: { httpsAgent: o.agents.httpsAgent, httpAgent: o.agents.httpAgent } } : {}),
    credentials: { accessKeyId: 'unused', secretAccessKey: 'unused' },
    maxAttempts: 2,
  });
}

/** AWS error codes that mean "AWS refused" (the user's or config's fault), not "AWS is down". */
export function toBridgeError(e: unknown): BridgeError {
  if (e instanceof STSServiceException) {
    // The SDK renames modelled errors (InvalidIdentityToken -> …Exception); the wire code is AWS's own.
    const code = (e as { Error?: { Code?: string } }).Error?.Code ?? e.name;
    const detail = `${code}: ${e.message}`;
    if ((e.$metadata.httpStatusCode ?? 500) >= 500) return new BridgeError('sts_unavailable', 'AWS STS is not answering right now.', { detail, cause: e });
    // AWS's refusal messages carry no secrets and tell the user what to fix.
    return new BridgeError('sts_refused', `AWS refused to issue credentials for this role (${code}: ${e.message})`, { detail, cause: e, extra: { aws_error: code } });
  }
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new BridgeError('sts_unavailable', 'AWS STS could not be reached.', { detail, cause: e });
}

export async function assumeRoleWithSaml(client: STSClient, p: { roleArn: string; principalArn: string; samlAssertion: string; durationSec: number }): Promise<AssumedRole> {
  try {
    const out = await client.send(new AssumeRoleWithSAMLCommand({
      RoleArn: p.roleArn,
      PrincipalArn: p.principalArn,
      SAMLAssertion: p.samlAssertion,
      DurationSeconds: p.durationSec,
    }));
    return assumedFrom(out, 'AssumeRoleWithSAML');
  } catch (e) {
    if (e instanceof BridgeError) throw e;
    throw toBridgeError(e);
  }
}

type AssumeOutput = Pick<AssumeRoleWithSAMLCommandOutput, 'Credentials' | 'AssumedRoleUser' | 'SourceIdentity' | '$metadata'>;

/** The credentials of any AssumeRole* answer, or a clear error when AWS left something out. */
export function assumedFrom(out: AssumeOutput, action: string): AssumedRole {
  const c = out.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration || !out.AssumedRoleUser?.Arn) {
    throw new BridgeError('sts_unavailable', 'AWS STS answered without credentials.', { detail: `incomplete ${action} response` });
  }
  return {
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration.toISOString() },
    assumedRoleArn: out.AssumedRoleUser.Arn,
    assumedRoleId: out.AssumedRoleUser.AssumedRoleId ?? '',
    ...(out.SourceIdentity ? { sourceIdentity: out.SourceIdentity } : {}),
    ...(out.$metadata.requestId ? { requestId: out.$metadata.requestId } : {}),
  };
}
