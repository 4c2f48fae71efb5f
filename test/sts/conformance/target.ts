// A conformance target: where the suite sends requests and with what material.
// The local STS is always a target; a sandbox AWS account is one when the
// STS_CONFORMANCE_AWS_* variables are set (docs/local-sts.md), else it is
// skipped and the reason printed.
import { STSClient } from '@aws-sdk/client-sts';
import type { AssertionOpts } from '../helpers.js';
import type { Creds } from '../sdk.js';
import type { Principals, RoleName } from './roles.js';

export interface Target {
  name: string;
  endpoint: string | undefined;  // undefined: AWS's own regional endpoint
  region: string;
  account: string;
  /** Long-term IAM user credentials (AKIA…) and that user's ARN. */
  user: Creds;
  userArn: string;
  role(name: RoleName): string;
  /** A fresh TOTP code for the user's virtual MFA device (waits for a new 30-s step on AWS, which refuses reuse). */
  mfa?: { serial: string; code(): Promise<string> };
  saml?: { provider: string; assertion(o?: AssertionOpts): string };
  oidc?: { issuer: string; clientId: string; token(claims?: Record<string, unknown>, o?: { expSeconds?: number }): Promise<string> };
  /** Let time pass for credential expiry: the local target moves its clock; AWS really waits. */
  elapse?(ms: number): Promise<void>;
  /** Client for this target, unsigned-looking dummy credentials when none are given. */
  client(c?: Creds): STSClient;
  close(): Promise<void>;
}

export interface Capabilities { mfa: boolean; saml: boolean; oidc: boolean; expiry: boolean }
export interface TargetFactory { name: string; skipReason?: string; caps: Capabilities; create(): Promise<Target> }

export function stsClient(endpoint: string | undefined, region: string, c: Creds | undefined, systemClockOffset = 0): STSClient {
  return new STSClient({
    region,
    ...(endpoint ? { endpoint } : {}),
    maxAttempts: 1,
    systemClockOffset,
    credentials: c ?? { accessKeyId: 'AKIAUNUSEDUNUSEDUNUS', secretAccessKey: 'unused-because-the-call-is-unsigned' },
  });
}

const ENV = 'STS_CONFORMANCE_AWS_';
const env = (e: NodeJS.ProcessEnv, k: string): string | undefined => e[ENV + k] || undefined;

/** Principals of the sandbox account, from the environment; undefined when not configured. */
export function awsPrincipals(e: NodeJS.ProcessEnv): Principals | undefined {
  const account = env(e, 'ACCOUNT'), user = env(e, 'USER');
  if (!account || !user) return undefined;
  const prefix = env(e, 'ROLE_PREFIX') ?? 'sts-conformance-';
  const issuer = env(e, 'OIDC_ISSUER') ?? 'https://oidc.example.invalid';
  const host = issuer.replace(/^https:\/\//, '');
  return {
    account, userArn: `arn:aws:iam::${account}:user/${user}`, roleArn: (n) => `arn:aws:iam::${account}:role/${prefix}${n}`,
    samlProvider: `arn:aws:iam::${account}:saml-provider/${env(e, 'SAML_PROVIDER') ?? 'sts-conformance'}`,
    oidcProvider: `arn:aws:iam::${account}:oidc-provider/${host}`, oidcHost: host, clientId: env(e, 'OIDC_CLIENT_ID') ?? 'sts-conformance',
  };
}

/** Why the AWS target is skipped, or undefined when it is configured. */
export function awsSkipReason(e: NodeJS.ProcessEnv): string | undefined {
  const missing = ['ACCESS_KEY_ID', 'SECRET_ACCESS_KEY', 'ACCOUNT', 'USER'].filter((k) => !env(e, k)).map((k) => ENV + k);
  return missing.length ? `no sandbox AWS account configured (${missing.join(', ')} not set)` : undefined;
}

export function awsCapabilities(e: NodeJS.ProcessEnv): Capabilities {
  return {
    mfa: !!(env(e, 'MFA_SERIAL') && env(e, 'MFA_SEED')),
    saml: !!(env(e, 'SAML_KEY_FILE') && env(e, 'SAML_CERT_FILE') && env(e, 'SAML_ISSUER')),
    oidc: !!(env(e, 'OIDC_ISSUER') && env(e, 'OIDC_KEY_FILE')),
    expiry: env(e, 'SLOW') === '1', // a 900-s session must really expire
  };
}
