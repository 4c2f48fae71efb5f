// Session tags: count and length limits, case-insensitive duplicates, the
// sts:TagSession permission, and transitive tags through role chaining.
import { expect, it } from 'vitest';
import type { Tag } from '@aws-sdk/client-sts';
import { assumeRole, codeOf, credsOf, forEachTarget } from './suite.js';

forEachTarget((target) => {
  const tagged = (Tags: Tag[], extra: Record<string, unknown> = {}) => { const t = target(); return codeOf(assumeRole(t, t.user, { RoleArn: t.role('Basic'), Tags, ...extra })); };
  const many = (n: number): Tag[] => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));

  it('at most 50 tags; keys 1–128, values 0–256 chars', async () => {
    expect(await tagged(many(50))).toBe('ok');
    expect(await tagged(many(51))).toBe('ValidationError');
    expect(await tagged([{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }])).toBe('ok');
    expect(await tagged([{ Key: 'k'.repeat(129), Value: 'v' }])).toBe('ValidationError');
    expect(await tagged([{ Key: 'k', Value: 'v'.repeat(257) }])).toBe('ValidationError');
    expect(await tagged([{ Key: 'k', Value: '' }])).toBe('ok');
  });

  it('tag keys are case-insensitive: Dept and dept together are refused', async () => {
    expect(await tagged([{ Key: 'Dept', Value: 'a' }, { Key: 'dept', Value: 'b' }])).toBe('ValidationError');
  });

  it('TransitiveTagKeys must name passed tags (≤ 50)', async () => {
    expect(await tagged([{ Key: 'Project', Value: 'x' }], { TransitiveTagKeys: ['Project'] })).toBe('ok');
    expect(await tagged([{ Key: 'Project', Value: 'x' }], { TransitiveTagKeys: ['Other'] })).toBe('ValidationError');
  });

  it('passing tags needs sts:TagSession in the trust policy', async () => {
    const t = target();
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('NoTags') }))).toBe('ok');
    expect(await codeOf(assumeRole(t, t.user, { RoleArn: t.role('NoTags'), Tags: [{ Key: 'Dept', Value: 'eng' }] }))).toBe('AccessDenied');
  });

  it('transitive tags flow through chaining; non-transitive ones do not; they cannot be overridden', async () => {
    const t = target();
    const chainToGate = async (transitive: boolean): Promise<string> => {
      const first = credsOf((await assumeRole(t, t.user, { RoleArn: t.role('Basic'), Tags: [{ Key: 'Project', Value: 'x' }], ...(transitive ? { TransitiveTagKeys: ['Project'] } : {}) })).Credentials);
      const second = credsOf((await assumeRole(t, first, { RoleArn: t.role('Chained') })).Credentials);
      return codeOf(assumeRole(t, second, { RoleArn: t.role('TagGate') }));
    };
    expect(await chainToGate(true)).toBe('ok');
    expect(await chainToGate(false)).toBe('AccessDenied');
    const first = credsOf((await assumeRole(t, t.user, { RoleArn: t.role('Basic'), Tags: [{ Key: 'Project', Value: 'x' }], TransitiveTagKeys: ['Project'] })).Credentials);
    expect(await codeOf(assumeRole(t, first, { RoleArn: t.role('Chained'), Tags: [{ Key: 'project', Value: 'y' }] }))).toBe('ValidationError');
  });
});
