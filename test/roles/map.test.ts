// mapRoles is a pure function: a table of named cases over the shipped rules.
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../src/identity.js';
import { mapRoles } from '../../src/roles/map.js';
import { loadRules, parseRules } from '../../src/roles/load.js';

const rules = loadRules('config/rules.yaml');
const id = (groups: string[], extra: Partial<Identity> = {}): Identity => ({ idp: 'dev-saml', issuer: 'i', subject: 's', groups, claims: {}, authTime: 0, ...extra });
const arns = (i: Identity) => mapRoles(i, rules).roles.map((r) => r.arn);

const cases: Array<[string, Identity, string[]]> = [
  ['no groups: deny by default', id([]), []],
  ['exact group', id(['aws-readonly']), ['arn:aws:iam::111111111111:role/ReadOnly']],
  ['two groups, union, sorted', id(['aws-dev', 'aws-admins']), ['arn:aws:iam::111111111111:role/Admin', 'arn:aws:iam::111111111111:role/Developer', 'arn:aws:iam::222222222222:role/ReadOnly']],
  ['case differs: no match', id(['AWS-ADMINS']), []],
  ['surrounding whitespace: no match', id([' aws-admins']), []],
  ['Cyrillic look-alike a: no match', id(['\u0430ws-admins']), []],
  ['AD pattern with captures', id(['AWS-222222222222-Auditor']), ['arn:aws:iam::222222222222:role/Auditor']],
  ['AD pattern for an unconfigured account: dropped', id(['AWS-999999999999-Admin']), []],
  ['AD pattern with a prefix: anchored, no match', id(['CORP-AWS-222222222222-Auditor']), []],
  ['AD pattern with a space in the role: no match', id(['AWS-222222222222-Auditor x']), []],
];

describe('mapRoles', () => {
  it.each(cases)('%s', (_name, identity, expected) => {
    expect(arns(identity)).toEqual(expected);
  });

  it('pairs each role with the bridge provider in the role own account', () => {
    const r = mapRoles(id(['aws-admins']), rules).roles.find((x) => x.accountId === '222222222222')!;
    expect(r.providerArn).toBe('arn:aws:iam::222222222222:saml-provider/sts-bridge');
    expect(r.accountAlias).toBe('demo-prod');
  });

  it('matches on the email domain (Google ID tokens carry no groups)', () => {
    const r = parseRules({
      accounts: rules.accounts,
      rules: [{ id: 'google', when: { emailDomain: 'example.com', idp: 'google' }, grant: [{ role: 'arn:aws:iam::111111111111:role/ReadOnly' }] }],
    }, 'inline');
    expect(mapRoles(id([], { idp: 'google', email: 'x@EXAMPLE.com' }), r).roles).toHaveLength(1);
    expect(mapRoles(id([], { idp: 'google', email: 'x@example.com.evil.io' }), r).roles).toHaveLength(0);
    expect(mapRoles(id([], { idp: 'other', email: 'x@example.com' }), r).roles).toHaveLength(0);
  });

  it('keeps the lowest configured maximum when two rules grant one role', () => {
    const r = parseRules({ accounts: rules.accounts, rules: [
      { id: 'a', when: { group: 'g' }, grant: [{ role: 'arn:aws:iam::111111111111:role/X', maxSessionSec: 7200 }] },
      { id: 'b', when: { group: 'g' }, grant: [{ role: 'arn:aws:iam::111111111111:role/X', maxSessionSec: 3600 }] },
    ] }, 'inline');
    const [role] = mapRoles(id(['g']), r).roles;
    expect(role!.maxSessionSec).toBe(3600);
    expect(role!.ruleIds).toEqual(['a', 'b']);
  });

  it('refuses a rules file with a bad ARN, naming the field', () => {
    expect(() => parseRules({ accounts: rules.accounts, rules: [{ id: 'x', when: { group: 'g' }, grant: [{ role: 'arn:aws:iam::1:role/Nope-not-an-arn' }] }] }, 'rules.yaml')).toThrow(/rules.yaml: rules.0.grant/);
  });
});
