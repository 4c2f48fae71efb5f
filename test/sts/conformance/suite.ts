// Runs one body of tests against every target: always the local STS, and the
// sandbox AWS account when configured (otherwise skipped, the reason printed).
import { afterAll, beforeAll, describe } from 'vitest';
import { AssumeRoleCommand, GetCallerIdentityCommand, type AssumeRoleCommandInput, type Credentials } from '@aws-sdk/client-sts';
import { awsCapabilities, awsSkipReason, type Capabilities, type Target, type TargetFactory } from './target.js';
import { localTarget } from './local-target.js';
import { awsTarget } from './aws-target.js';
import type { Creds } from '../sdk.js';

const reason = awsSkipReason(process.env);
const FACTORIES: TargetFactory[] = [
  { name: 'local', caps: { mfa: true, saml: true, oidc: true, expiry: true }, create: localTarget },
  { name: 'aws', caps: awsCapabilities(process.env), create: () => awsTarget(), ...(reason ? { skipReason: reason } : {}) },
];
let warned = false;

export function forEachTarget(body: (t: () => Target, caps: Capabilities) => void): void {
  if (reason && !warned) { warned = true; console.warn(`STS conformance: AWS target skipped: ${reason}`); }
  for (const f of FACTORIES) {
    (f.skipReason ? describe.skip : describe)(f.skipReason ? `${f.name} (skipped: ${f.skipReason})` : f.name, () => {
      let target: Target | undefined;
      beforeAll(async () => { target = await f.create(); }, 60_000);
      afterAll(async () => target?.close());
      body(() => target!, f.caps);
    });
  }
}

/** AWS's wire code: the JS SDK renames modelled errors, so read Error.Code first. */
export async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    const err = e as { name?: string; Error?: { Code?: string } };
    return err.Error?.Code ?? err.name ?? String(e);
  }
}

export const credsOf = (c: Credentials | undefined): Creds => ({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });

export const assumeRole = (t: Target, c: Creds, input: Partial<AssumeRoleCommandInput> & { RoleArn: string }) =>
  t.client(c).send(new AssumeRoleCommand({ RoleSessionName: 'conformance', ...input }));

export const whoami = (t: Target, c: Creds) => t.client(c).send(new GetCallerIdentityCommand({}));

/** Seconds from now until the credentials expire. */
export const lifetime = (c: Credentials | undefined, now = Date.now()): number => Math.round((c!.Expiration!.getTime() - now) / 1000);
