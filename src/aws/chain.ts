// Cross-account by role chaining: with the credentials of a role the bridge
// reached through SAML, call AssumeRole (SigV4-signed) into a role in an
// account where the bridge cannot be registered as a SAML provider (a
// partner's or a vendor's), with the ExternalId it asks for. AWS caps chained
// sessions at one hour; the bridge asks for no more.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { BridgeError } from '../errors.js';
import { assumedFrom, toBridgeError, type AssumedRole, type Credentials } from './sts.js';

export const CHAINED_MAX_SEC = 3600;

/** A client like `base` (region, endpoint, request handler and so proxy) signing with `creds`. */
export async function clientWithCredentials(base: STSClient, creds: Credentials): Promise<STSClient> {
  const ep = base.config.endpoint ? await base.config.endpoint() : undefined;
  const endpoint = ep ? `${ep.protocol}//${ep.hostname}${ep.port ? `:${ep.port}` : ''}${ep.path ?? ''}` : undefined;
  return new STSClient({
    region: await base.config.region(),
    ...(endpoint ? { endpoint } : {}),
    requestHandler: base.config.requestHandler,
    credentials: { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken },
    maxAttempts: 2,
  });
}

export interface ChainInput {
  roleArn: string;
  sessionName: string;
  durationSec: number;
  externalId?: string;
}

export async function assumeChained(base: STSClient, hop: Credentials, i: ChainInput): Promise<AssumedRole> {
  const client = await clientWithCredentials(base, hop);
  try {
    const out = await client.send(new AssumeRoleCommand({
      RoleArn: i.roleArn,
      RoleSessionName: i.sessionName,
      DurationSeconds: Math.min(i.durationSec, CHAINED_MAX_SEC),
      ...(i.externalId ? { ExternalId: i.externalId } : {}),
    }));
    return assumedFrom(out, 'AssumeRole');
  } catch (e) {
    throw e instanceof BridgeError ? e : toBridgeError(e);
  } finally {
    client.destroy();
  }
}
