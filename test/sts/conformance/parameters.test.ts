// Parameter patterns (botocore STS model): RoleSessionName, ExternalId,
// SourceIdentity, GetFederationToken Name. Violations are ValidationError.
import { expect, it } from 'vitest';
import { AssumeRoleWithWebIdentityCommand, GetFederationTokenCommand } from '@aws-sdk/client-sts';
import { assumeRole, codeOf, forEachTarget } from './suite.js';
import { EXTERNAL_ID } from './roles.js';

forEachTarget((target, caps) => {
  const basic = (input: Record<string, unknown>) => { const t = target(); return codeOf(assumeRole(t, t.user, { RoleArn: t.role('Basic'), ...input })); };

  it('RoleSessionName: 2–64 chars of [\\w+=,.@-]', async () => {
    expect(await basic({ RoleSessionName: 'ab' })).toBe('ok');
    expect(await basic({ RoleSessionName: 'a+=,.@-_9'.padEnd(64, 'x') })).toBe('ok');
    for (const bad of ['a', 'x'.repeat(65), 'has space', 'slash/no', 'colon:no', 'ünïcode']) expect(await basic({ RoleSessionName: bad }), bad).toBe('ValidationError');
  });

  it('ExternalId: 2–1224 chars of [\\w+=,.@:/-]', async () => {
    const t = target();
    const partner = (ExternalId?: string) => codeOf(assumeRole(t, t.user, { RoleArn: t.role('Partner'), ...(ExternalId !== undefined ? { ExternalId } : {}) }));
    expect(await partner(EXTERNAL_ID)).toBe('ok');
    expect(await partner('x')).toBe('ValidationError');
    expect(await partner('x'.repeat(1225))).toBe('ValidationError');
    expect(await partner('with space')).toBe('ValidationError');
    // Well-formed but not what the trust policy wants, or absent: the trust policy refuses.
    expect(await partner('urn:other/ext:id')).toBe('AccessDenied');
    expect(await partner()).toBe('AccessDenied');
  });

  it('SourceIdentity: 2–64 chars of [\\w+=,.@-], never starting with aws:', async () => {
    expect(await basic({ SourceIdentity: 'alice@example.com' })).toBe('ok');
    for (const bad of ['a', 'x'.repeat(65), 'has space']) expect(await basic({ SourceIdentity: bad }), bad).toBe('ValidationError');
    expect(await basic({ SourceIdentity: 'aws:alice' })).toBe('ValidationError');
  });

  it('GetFederationToken Name: 2–32 chars', async () => {
    const t = target();
    const fed = (Name: string) => codeOf(t.client(t.user).send(new GetFederationTokenCommand({ Name })));
    expect(await fed('fed-ok')).toBe('ok');
    expect(await fed('x')).toBe('ValidationError');
    expect(await fed('x'.repeat(33))).toBe('ValidationError');
  });

  it.skipIf(!caps.oidc)('AssumeRoleWithWebIdentity RoleSessionName follows the same pattern', async () => {
    const t = target();
    const call = async (RoleSessionName: string) => codeOf(t.client().send(new AssumeRoleWithWebIdentityCommand({ RoleArn: t.role('Web'), RoleSessionName, WebIdentityToken: await t.oidc!.token() })));
    expect(await call('web-ok')).toBe('ok');
    expect(await call('has space')).toBe('ValidationError');
  });
});
