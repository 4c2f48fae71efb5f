// Directory group sources against loopback stand-ins: the Google Admin SDK
// Directory API and Microsoft Graph, with credentials, paging and caching,
// then through group resolution into the roles the rules grant.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveGroups } from '../../src/directory/resolve.js';
import { DirectoryRegistry } from '../../src/directory/source.js';
import type { Identity } from '../../src/identity.js';
import { parseRules } from '../../src/roles/load.js';
import { mapRoles } from '../../src/roles/map.js';
import { googleStub, graphStub, serviceAccountKey, type Stub } from './servers.js';

const dir = mkdtempSync(join(tmpdir(), 'stsb-dir-'));
const OID = '6f1c0000-aaaa-4bbb-8ccc-000000000042';
let google: Stub;
let graph: Stub;
let badGraph: Stub;

beforeAll(async () => {
  const key = serviceAccountKey();
  google = await googleStub(key.publicPem, 'bridge@proj.iam.gserviceaccount.com', { 'ana@example.com': ['aws-dev@example.com', 'all@example.com', 'aws-admins@example.com'] });
  writeFileSync(join(dir, 'sa.json'), JSON.stringify({ type: 'service_account', client_email: 'bridge@proj.iam.gserviceaccount.com', private_key: key.privatePem, token_uri: `${google.url}/token` }));
  graph = await graphStub('graph-secret', { [OID]: ['Everyone', 'AWS-Admins', 'Finance', 'aws-dev'] });
  badGraph = await graphStub('graph-secret', { [OID]: ['a', 'b', 'c'] }, { foreignNextLink: 'http://attacker.invalid/steal' });
  writeFileSync(join(dir, 'graph-secret'), 'graph-secret\n');
});
afterAll(async () => { await Promise.all([google?.close(), graph?.close(), badGraph?.close()]); });

function rulesWith(graphUrl: string) {
  return parseRules({
    accounts: [{ id: '111111111111', samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/sts-bridge' }],
    directories: [
      { id: 'workspace', type: 'google-admin', serviceAccountFile: join(dir, 'sa.json'), adminEmail: 'admin@example.com', apiBaseUrl: google.url },
      { id: 'entra', type: 'microsoft-graph', tenantId: 'contoso', clientId: 'app-1', clientSecretFile: join(dir, 'graph-secret'), authorityUrl: graphUrl, graphBaseUrl: graphUrl },
    ],
    idps: { google: { directory: 'workspace', transforms: ['caseFold'] }, azure: { directory: 'entra' } },
    rules: [
      { id: 'dev', when: { group: 'aws-dev@example.com' }, grant: [{ role: 'arn:aws:iam::111111111111:role/Developer' }] },
      { id: 'admins', when: { group: 'AWS-Admins' }, grant: [{ role: 'arn:aws:iam::111111111111:role/Admin' }] },
    ],
  }, 'inline');
}

const googleUser: Identity = { idp: 'google', issuer: 'https://accounts.google.com', subject: '1234', email: 'Ana@example.com', groups: [], claims: { hd: ['example.com'] }, authTime: 0 };
const azureOverage: Identity = { idp: 'azure', issuer: 'https://login.microsoftonline.com/contoso/v2.0', subject: 'x', groups: [], claims: { oid: [OID], '_claim_names.groups': ['src1'] }, authTime: 0 };

describe('Google Admin SDK Directory API source', () => {
  it('signs a JWT grant as the service account for the admin, pages through groups, and grants roles', async () => {
    const rules = rulesWith(graph.url);
    const registry = new DirectoryRegistry();
    const resolved = await resolveGroups(googleUser, rules, registry);
    expect(resolved.groups).toEqual(['aws-dev@example.com', 'all@example.com', 'aws-admins@example.com']);
    expect(mapRoles(resolved, rules).roles.map((r) => r.arn)).toEqual(['arn:aws:iam::111111111111:role/Developer']);
    expect(google.calls.filter((c) => c.includes('/groups'))).toHaveLength(2);
  });

  it('caches a user\'s groups and the access token', async () => {
    const rules = rulesWith(graph.url);
    const registry = new DirectoryRegistry();
    const before = google.calls.length;
    await resolveGroups(googleUser, rules, registry);
    await resolveGroups(googleUser, rules, registry);
    expect(google.calls.slice(before)).toEqual(['POST /token', 'GET /admin/directory/v1/groups', 'GET /admin/directory/v1/groups']);
  });

  it('an unknown user: the directory error becomes directory_unavailable, no detail leaked', async () => {
    const p = resolveGroups({ ...googleUser, email: 'ghost@example.com' }, rulesWith(graph.url), new DirectoryRegistry());
    await expect(p).rejects.toMatchObject({ code: 'directory_unavailable', status: 502, extra: { reason: 'directory_unavailable' } });
    await expect(p).rejects.not.toMatchObject({ message: expect.stringMatching(/ya29/) });
  });
});

describe('Microsoft Graph source', () => {
  it('on Azure AD overage: client-credentials token, transitiveMemberOf pages, roles granted', async () => {
    const rules = rulesWith(graph.url);
    const resolved = await resolveGroups(azureOverage, rules, new DirectoryRegistry());
    expect(resolved.groups).toEqual(['Everyone', 'AWS-Admins', 'Finance', 'aws-dev']);
    expect(mapRoles(resolved, rules).roles.map((r) => r.arn)).toEqual(['arn:aws:iam::111111111111:role/Admin']);
    expect(graph.calls).toContain('POST /contoso/oauth2/v2.0/token');
  });

  it('does not ask the directory when the token carries groups (ask: whenMissing)', async () => {
    const before = graph.calls.length;
    const resolved = await resolveGroups({ ...azureOverage, groups: ['AWS-Admins'], claims: { oid: [OID] } }, rulesWith(graph.url), new DirectoryRegistry());
    expect(resolved.groups).toEqual(['AWS-Admins']);
    expect(graph.calls.length).toBe(before);
  });

  it('never follows a nextLink to another origin with the bearer token', async () => {
    await expect(resolveGroups(azureOverage, rulesWith(badGraph.url), new DirectoryRegistry())).rejects.toMatchObject({ extra: { reason: 'directory_unavailable' }, detail: expect.stringMatching(/another origin/) });
  });

  it('refuses clearly when the token lacks the object id claim', async () => {
    await expect(resolveGroups({ ...azureOverage, claims: { '_claim_names.groups': ['src1'] } }, rulesWith(graph.url), new DirectoryRegistry())).rejects.toMatchObject({ code: 'groups_unavailable', status: 403, extra: { reason: 'directory_user_unknown' } });
  });
});
