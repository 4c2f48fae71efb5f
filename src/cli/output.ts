// Credentials as text: shell exports (bash/zsh, fish, PowerShell) or the
// credential_process JSON. Only ever printed when the user asked for them.
import type { AwsCredentials } from './bridge-client.js';

export type Shell = 'bash' | 'fish' | 'powershell';

const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const psq = (s: string) => `'${s.replace(/'/g, "''")}'`;

export function credentialEnv(c: AwsCredentials, region?: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: c.AccessKeyId, AWS_SECRET_ACCESS_KEY: c.SecretAccessKey, AWS_SESSION_TOKEN: c.SessionToken,
    AWS_CREDENTIAL_EXPIRATION: c.Expiration, ...(region ? { AWS_REGION: region, AWS_DEFAULT_REGION: region } : {}),
  };
}

export function shellExports(c: AwsCredentials, shell: Shell, region?: string): string {
  const env = Object.entries(credentialEnv(c, region));
  if (shell === 'fish') return env.map(([k, v]) => `set -gx ${k} ${q(v)};`).join('\n') + '\n';
  if (shell === 'powershell') return env.map(([k, v]) => `$env:${k} = ${psq(v)}`).join('\n') + '\n';
  return env.map(([k, v]) => `export ${k}=${q(v)}`).join('\n') + '\n';
}

/** The `credential_process` contract: Version 1 and an Expiration so the SDK refreshes. */
export function processJson(c: AwsCredentials): string {
  return JSON.stringify({ Version: 1, AccessKeyId: c.AccessKeyId, SecretAccessKey: c.SecretAccessKey, SessionToken: c.SessionToken, Expiration: c.Expiration }) + '\n';
}
