// The rule language, one named case per feature: exact, glob and regex with
// captures into ARN templates, account aliases, deny rules (deny wins),
// conditions on other claims, partitions, chained cross-account grants.
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../src/identity.js';
import { parseRules } from '../../src/roles/load.js';
import { mapRoles } from '../../src/roles/map.js';

const rules = parseRules({
  accounts: [
    { id: '111111111111', alias: 'dev', samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/sts-bridge' },
    { id: '222222222222', alias: 'prod', samlProviderArn: 'arn:aws:iam::222222222222:saml-provider/sts-bridge' },
    { id: '333333333333', alias: 'gov', samlProviderArn: 'arn:aws-us-gov:iam::333333333333:saml-provider/sts-bridge' },
    { id: '444444444444', alias: 'china', samlProviderArn: 'arn:aws-cn:iam::444444444444:saml-provider/sts-bridge' },
  ],
  rules: [
    { id: 'glob', when: { groupGlob: 'team-*-ops' }, grant: [{ role: 'arn:aws:iam::dev:role/ops/${1}' }] },
    { id: 'regex', when: { groupPattern: 'aws_(?<alias>[a-z]+)_(?<role>\\w+)' }, grant: [{ role: 'arn:aws:iam::${alias}:role/${role}' }] },
    { id: 'mfa-admin', when: { group: 'admins', claims: { amr: ['mfa', 'hwk'] } }, grant: [{ role: 'arn:aws:iam::prod:role/Admin' }] },
    { id: 'acr', when: { group: 'admins', claims: { acr: 'urn:example:loa:3' } }, grant: [{ role: 'arn:aws:iam::prod:role/BreakGlass' }] },
    { id: 'domains', when: { emailDomain: ['example.com', 'example.org'], idp: ['corp-oidc', 'corp-saml'] }, grant: [{ role: 'arn:aws:iam::dev:role/ReadOnly' }] },
    { id: 'gov', when: { group: 'gov-users' }, grant: [{ role: 'arn:aws-us-gov:iam::gov:role/GovRead' }, { role: 'arn:aws:iam::gov:role/WrongPartition' }] },
    { id: 'cn', when: { group: 'cn-users' }, grant: [{ role: 'arn:aws-cn:iam::444444444444:role/CnRead' }] },
    { id: 'vendor', when: { group: 'vendor-ops' }, grant: [{ role: 'arn:aws:iam::999999999999:role/VendorAccess', via: 'arn:aws:iam::dev:role/Hop', externalId: 'ext-123' }] },
    { id: 'no-prod-for-contractors', when: { group: 'contractors' }, deny: ['arn:aws:iam::prod:role/*'] },
    { id: 'no-own-ops', when: { groupGlob: 'team-*-ops', claims: { employment: 'intern' } }, deny: ['arn:aws:iam::111111111111:role/ops/${1}'] },
  ],
}, 'inline');

const id = (groups: string[], extra: Partial<Identity> = {}): Identity => ({ idp: 'corp-saml', issuer: 'i', subject: 's', groups, claims: {}, authTime: 0, ...extra });
const arns = (i: Identity) => mapRoles(i, rules).roles.map((r) => r.arn);

const cases: Array<[string, Identity, string[]]> = [
  ['glob capture into the role path', id(['team-db-ops']), ['arn:aws:iam::111111111111:role/ops/db']],
  ['glob is anchored', id(['xteam-db-ops']), []],
  ['regex named captures with an alias as the account', id(['aws_prod_Auditor']), ['arn:aws:iam::222222222222:role/Auditor']],
  ['regex capture naming an unknown alias: dropped', id(['aws_nowhere_Auditor']), []],
  ['amr condition holds', id(['admins'], { claims: { amr: ['pwd', 'mfa'] } }), ['arn:aws:iam::222222222222:role/Admin']],
  ['amr condition fails without MFA', id(['admins'], { claims: { amr: ['pwd'] } }), []],
  ['acr condition', id(['admins'], { claims: { acr: ['urn:example:loa:3'] } }), ['arn:aws:iam::222222222222:role/BreakGlass']],
  ['one of several email domains and IdPs', id([], { email: 'x@Example.ORG', idp: 'corp-oidc' }), ['arn:aws:iam::111111111111:role/ReadOnly']],
  ['email domain from another IdP', id([], { email: 'x@example.org', idp: 'google' }), []],
  ['GovCloud role paired with the GovCloud provider; wrong partition dropped', id(['gov-users']), ['arn:aws-us-gov:iam::333333333333:role/GovRead']],
  ['China partition', id(['cn-users']), ['arn:aws-cn:iam::444444444444:role/CnRead']],
  ['deny wins over a grant from another rule', id(['aws_prod_Auditor', 'aws_dev_Auditor', 'contractors']), ['arn:aws:iam::111111111111:role/Auditor']],
  ['deny with captures removes only the matched role', id(['team-db-ops', 'team-web-ops'], { claims: { employment: ['intern'] } }), []],
  ['deny whose conditions fail removes nothing', id(['team-db-ops'], { claims: { employment: ['staff'] } }), ['arn:aws:iam::111111111111:role/ops/db']],
];

describe('rule features', () => {
  it.each(cases)('%s', (_name, identity, expected) => {
    expect(arns(identity)).toEqual(expected);
  });

  it('pairs a GovCloud role with the GovCloud provider', () => {
    const [r] = mapRoles(id(['gov-users']), rules).roles;
    expect(r).toMatchObject({ partition: 'aws-us-gov', providerArn: 'arn:aws-us-gov:iam::333333333333:saml-provider/sts-bridge', accountAlias: 'gov' });
  });

  it('a chained grant: the target account needs no provider; the hop role account provides it', () => {
    const [r] = mapRoles(id(['vendor-ops']), rules).roles;
    expect(r).toMatchObject({ arn: 'arn:aws:iam::999999999999:role/VendorAccess', providerArn: 'arn:aws:iam::111111111111:saml-provider/sts-bridge', via: { roleArn: 'arn:aws:iam::111111111111:role/Hop', externalId: 'ext-123' } });
  });

  it('records denied roles for the audit trail', () => {
    const d = mapRoles(id(['aws_prod_Auditor', 'contractors']), rules);
    expect(d.dropped).toContainEqual(expect.objectContaining({ ruleId: 'no-prod-for-contractors', role: 'arn:aws:iam::222222222222:role/Auditor' }));
  });

  it.each([
    ['grant and deny together', { id: 'x', when: { group: 'g' }, grant: [{ role: 'arn:aws:iam::111111111111:role/A' }], deny: ['*'] }],
    ['two group conditions', { id: 'x', when: { group: 'g', groupGlob: 'g*' }, grant: [{ role: 'arn:aws:iam::111111111111:role/A' }] }],
    ['externalId without via', { id: 'x', when: { group: 'g' }, grant: [{ role: 'arn:aws:iam::111111111111:role/A', externalId: 'abc' }] }],
    ['a bad regex', { id: 'x', when: { groupPattern: '(' }, grant: [{ role: 'arn:aws:iam::111111111111:role/A' }] }],
  ])('refuses %s', (_n, rule) => {
    expect(() => parseRules({ accounts: [{ id: '111111111111', samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/p' }], rules: [rule] }, 'rules.yaml')).toThrow(/rules.yaml/);
  });
});
