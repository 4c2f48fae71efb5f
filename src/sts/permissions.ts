// What each credential type may call (IAM User Guide, id_credentials_temp_request.md),
// plus the caller facts that go into policy contexts.
import { StsError } from './errors.js';
import type { Context } from './policy/conditions.js';
import type { Caller, Runtime } from './runtime.js';

const deny = (arn: string, action: string): StsError =>
  new StsError('AccessDenied', `User: ${arn} is not authorized to perform: sts:${action}`);

/** AssumeRole* creds cannot call GetFederationToken/GetSessionToken; GetSessionToken creds only AssumeRole + GetCallerIdentity; GetFederationToken creds only GetCallerIdentity. */
export function checkCallerMayCall(action: string, caller: Caller): void {
  if (caller.kind === 'user' || action === 'GetCallerIdentity') return;
  const s = caller.session;
  if (s.issuedBy === 'GetFederationToken') throw deny(s.arn, action);
  if (s.issuedBy === 'GetSessionToken' && action !== 'AssumeRole') throw deny(s.arn, action);
  if (s.roleArn && (action === 'GetFederationToken' || action === 'GetSessionToken')) {
    throw new StsError('AccessDenied', `Cannot call ${action} with session credentials`);
  }
}

export function callerArn(c: Caller): string {
  return c.kind === 'user' ? c.user.arn : c.session.arn;
}

export function callerAccount(c: Caller): string {
  return c.kind === 'user' ? c.user.accountId : c.session.accountId;
}

/** ARNs a trust policy may name for this caller: the user, or the role and its session. */
export function callerPrincipalIds(c: Caller): string[] {
  if (c.kind === 'user') return [c.user.arn];
  return [c.session.arn, ...(c.session.roleArn ? [c.session.roleArn] : [])];
}

export function callerContext(rt: Runtime, c: Caller, sourceIp: string): Context {
  const now = rt.clock();
  const tags = c.kind === 'user' ? c.user.tags : c.session.tags;
  const ctx: Context = new Map<string, string | string[]>([
    ['aws:principalarn', c.kind === 'user' ? c.user.arn : (c.session.roleArn ?? c.session.arn)],
    ['aws:principalaccount', callerAccount(c)],
    ['aws:userid', c.kind === 'user' ? c.user.userId : c.session.userId],
    ['aws:principaltype', c.kind === 'user' ? 'User' : c.session.roleArn ? 'AssumedRole' : 'FederatedUser'],
    ['aws:multifactorauthpresent', String(c.kind === 'session' && c.session.mfaAuthenticated === true)],
    ['aws:currenttime', new Date(now).toISOString()],
    ['aws:epochtime', String(Math.floor(now / 1000))],
    ['aws:sourceip', sourceIp],
  ]);
  if (c.kind === 'user') ctx.set('aws:username', c.user.name);
  else if (c.session.issuedBy === 'GetSessionToken') ctx.set('aws:username', c.session.arn.split('/').pop()!);
  else for (const [k, v] of Object.entries(c.session.principalContext ?? {})) ctx.set(k, v);
  for (const [k, v] of Object.entries(tags)) ctx.set(`aws:principaltag/${k.toLowerCase()}`, v);
  return ctx;
}
