// Real @aws-sdk/client-sts pointed at the local AWS.
import { STSClient, AssumeRoleWithSAMLCommand, GetCallerIdentityCommand, type AssumeRoleWithSAMLCommandOutput } from '@aws-sdk/client-sts';
import { PROVIDER, ROLE } from './helpers.js';

export interface Creds { accessKeyId: string; secretAccessKey: string; sessionToken?: string }

export function sts(url: string, credentials?: Creds, systemClockOffset = 0): STSClient {
  return new STSClient({
    region: 'us-east-1',
    endpoint: url,
    maxAttempts: 1,
    systemClockOffset,
    credentials: credentials ?? { accessKeyId: 'AKIAUNUSEDUNUSEDUNUS', secretAccessKey: 'unused-because-the-call-is-unsigned' },
  });
}

export function assume(url: string, saml: string, o: { role?: string; provider?: string; duration?: number; policy?: string } = {}): Promise<AssumeRoleWithSAMLCommandOutput> {
  return sts(url).send(new AssumeRoleWithSAMLCommand({
    RoleArn: o.role ?? ROLE('Developer'),
    PrincipalArn: o.provider ?? PROVIDER,
    SAMLAssertion: saml,
    ...(o.duration ? { DurationSeconds: o.duration } : {}),
    ...(o.policy ? { Policy: o.policy } : {}),
  }));
}

export async function whoami(url: string, c: Creds, offset = 0): Promise<{ Arn?: string | undefined; UserId?: string | undefined; Account?: string | undefined }> {
  return sts(url, c, offset).send(new GetCallerIdentityCommand({}));
}

export function credsOf(out: AssumeRoleWithSAMLCommandOutput): Creds {
  const c = out.Credentials!;
  return { accessKeyId: c.AccessKeyId!, secretAccessKey: c.SecretAccessKey!, sessionToken: c.SessionToken! };
}

/** The AWS error code of a rejected promise (the SDK maps <Code> to error.name), plus HTTP status. */
export async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    // Modeled errors are renamed by the SDK (InvalidIdentityToken -> InvalidIdentityTokenException); Code keeps the wire code.
    const err = e as { name?: string; Code?: string; Error?: { Code?: string }; $metadata?: { httpStatusCode?: number } };
    return `${err.Error?.Code ?? err.Code ?? err.name}/${err.$metadata?.httpStatusCode}`;
  }
}
