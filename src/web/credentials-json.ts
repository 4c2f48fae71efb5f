// The credentials object every JSON answer carries, in the AWS SDKs' own
// spelling (credential_process and the STS API use the same names).
import type { Credentials } from '../aws/sts.js';

export interface CredentialsJson { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }

export function credentialsJson(c: Credentials): CredentialsJson {
  return { AccessKeyId: c.accessKeyId, SecretAccessKey: c.secretAccessKey, SessionToken: c.sessionToken, Expiration: c.expiration };
}
