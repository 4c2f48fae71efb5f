// One row per real directory shape: how groups arrive (attribute name, claim
// path, value form) and the roles the rules then grant. Identity → group
// resolution (transforms, names table) → mapRoles, no network.
import { describe, expect, it } from 'vitest';
import { identityFromClaims } from '../../src/connectors/oidc-claims.js';
import { flatten } from '../../src/connectors/claims.js';
import { resolveGroups } from '../../src/directory/resolve.js';
import { DirectoryRegistry } from '../../src/directory/source.js';
import type { OidcIdpConfig } from '../../src/config/schema.js';
import type { Identity } from '../../src/identity.js';
import { parseRules } from '../../src/roles/load.js';
import { mapRoles } from '../../src/roles/map.js';

const ADFS = 'http://schemas.xmlsoap.org/claims/Group';
const AZURE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups';
const ADMIN = 'arn:aws:iam::111111111111:role/Admin';
const DEV = 'arn:aws:iam::111111111111:role/Developer';
const RO = 'arn:aws:iam::111111111111:role/ReadOnly';

const rules = parseRules({
  accounts: [{ id: '111111111111', alias: 'demo-dev', samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/sts-bridge' }],
  idps: {
    adfs: { transforms: ['stripDomain'] },
    azure: { names: { '5e1c3a7d-0000-4000-8000-000000000001': 'AWS-Admins' } },
    ldap: { transforms: ['ldapCn'] },
    okta: { transforms: ['caseFold'] },
    keycloak: { groupClaims: ['realm_access.roles', 'resource_access.sts-bridge.roles'] },
    auth0: { groupClaims: ['roles'] },
  },
  rules: [
    { id: 'admins', when: { group: 'AWS-Admins' }, grant: [{ role: ADMIN }] },
    { id: 'admins-lower', when: { group: 'aws-admins' }, grant: [{ role: ADMIN }] },
    { id: 'dev', when: { groupGlob: 'aws-dev*' }, grant: [{ role: DEV }] },
    { id: 'google-domain', when: { idp: 'google', hd: 'example.com' }, grant: [{ role: RO }] },
  ],
}, 'inline');

/** What the SAML connector makes of an assertion: every attribute a claim; groups from the configured attribute. */
function saml(idp: string, groupsAttr: string, attributes: Record<string, string | string[]>): Identity {
  const claims = Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, flatten(v)]));
  return { idp, issuer: `https://${idp}.example/`, subject: 'nameid-1', groups: claims[groupsAttr] ?? [], claims, authTime: 0 };
}

function oidc(idp: string, groupsPath: string, claims: Record<string, unknown>): Identity {
  const cfg = { id: idp, type: 'oidc', claims: { groups: groupsPath, email: 'email', name: 'name' } } as unknown as OidcIdpConfig;
  const iss = idp === 'google' ? 'https://accounts.google.com' : `https://${idp}.example`;
  return identityFromClaims(cfg, { iss, sub: 'sub-1', email_verified: true, ...claims }, 0);
}

const cases: Array<[string, Identity, string[]]> = [
  ['AD FS: DOMAIN\\Group in the Group claim, domain stripped', saml('adfs', ADFS, { [ADFS]: ['CORP\\AWS-Admins', 'CORP\\Domain Users'] }), [ADMIN]],
  ['Azure AD SAML: group object ids mapped to names by the table', saml('azure', AZURE, { [AZURE]: ['5e1c3a7d-0000-4000-8000-000000000001', '99999999-0000-4000-8000-000000000000'] }), [ADMIN]],
  ['LDAP memberOf: the CN of each DN', saml('ldap', 'memberOf', { memberOf: ['CN=aws-dev-team,OU=Groups,DC=corp,DC=example', 'CN=Printers,OU=Groups,DC=corp,DC=example'] }), [DEV]],
  ['LDAP DN with an escaped comma is not split there', saml('ldap', 'memberOf', { memberOf: ['CN=AWS-Admins\\, old,OU=Groups,DC=corp'] }), []],
  ['Okta custom attribute name, case-folded', saml('okta', 'oktaGroups', { oktaGroups: ['AWS-ADMINS'] }), [ADMIN]],
  ['no transform configured: case differs, no match', saml('plain', 'groups', { groups: ['AWS-ADMINS'] }), []],
  ['Google Workspace SAML custom attribute', saml('gsaml', 'googleGroups', { googleGroups: 'aws-dev@example.com' }), [DEV]],
  ['OIDC groups claim', oidc('okta-oidc', 'groups', { groups: ['aws-dev'] }), [DEV]],
  ['OIDC roles claim as the groups path', oidc('entra', 'roles', { roles: ['AWS-Admins'] }), [ADMIN]],
  ['Keycloak realm_access.roles and resource_access.<client>.roles', oidc('keycloak', 'groups', { realm_access: { roles: ['offline_access'] }, resource_access: { 'sts-bridge': { roles: ['aws-dev'] }, other: { roles: ['AWS-Admins'] } } }), [DEV]],
  ['nested groups path read directly', oidc('kc2', 'realm_access.roles', { realm_access: { roles: ['AWS-Admins'] } }), [ADMIN]],
  ['Auth0 extra claim list', oidc('auth0', 'https://example.com/groups', { roles: ['aws-dev'] }), [DEV]],
  ['Google ID token: no groups, only hd', oidc('google', 'groups', { email: 'a@example.com', hd: 'example.com' }), [RO]],
  ['Google ID token from another hosted domain', oidc('google', 'groups', { email: 'a@evil.example', hd: 'evil.example' }), []],
  ['hd claimed by an issuer that is not Google', { ...oidc('google', 'groups', { hd: 'example.com' }), issuer: 'https://evil.example' }, []],
];

describe('directory shapes', () => {
  it.each(cases)('%s', async (_name, identity, expected) => {
    const resolved = await resolveGroups(identity, rules, new DirectoryRegistry());
    expect(mapRoles(resolved, rules).roles.map((r) => r.arn)).toEqual(expected);
  });

  it('Azure AD OIDC overage (_claim_names) without a directory: a clear refusal naming the fix', async () => {
    const id = oidc('entra', 'groups', { _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph.windows.net/x' } } });
    await expect(resolveGroups(id, rules, new DirectoryRegistry())).rejects.toMatchObject({ code: 'groups_unavailable', extra: { reason: 'groups_overage' }, message: expect.stringMatching(/microsoft-graph/) });
  });

  it('Azure AD implicit-flow hasgroups without a directory: same refusal', async () => {
    const id = oidc('azure', 'groups', { hasgroups: true });
    await expect(resolveGroups(id, rules, new DirectoryRegistry())).rejects.toMatchObject({ code: 'groups_unavailable', extra: { reason: 'groups_overage' } });
  });

  it('Azure AD SAML groups.link overage: same refusal', async () => {
    const id = saml('azure', AZURE, { 'http://schemas.microsoft.com/claims/groups.link': 'https://graph.microsoft.com/v1.0/users/x/memberOf' });
    await expect(resolveGroups(id, rules, new DirectoryRegistry())).rejects.toMatchObject({ extra: { reason: 'groups_overage' } });
  });
});
