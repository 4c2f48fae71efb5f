// AssumeRoleWithWebIdentity through the SDK: an unsigned call whose
// credential is the token itself (the upstream ID token, or the bridge's own).
import { AssumeRoleWithWebIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { BridgeError } from '../errors.js';
import { assumedFrom, toBridgeError, type AssumedRole } from './sts.js';

export async function assumeRoleWithWebIdentity(client: STSClient, p: { roleArn: string; token: string; sessionName: string; durationSec: number }): Promise<AssumedRole> {
  try {
    const out = await client.send(new AssumeRoleWithWebIdentityCommand({
      RoleArn: p.roleArn, WebIdentityToken: p.token, RoleSessionName: p.sessionName, DurationSeconds: p.durationSec,
    }));
    return assumedFrom(out, 'AssumeRoleWithWebIdentity');
  } catch (e) {
    throw e instanceof BridgeError ? e : toBridgeError(e);
  }
}
