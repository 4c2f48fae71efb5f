// SAML pass-through (issue 5): an assertion the IdP addressed to AWS is
// verified by the bridge, offered only for the Role pairs the rules allow
// (either order, role paths), and forwarded unchanged to the local STS, whose
// model has a SAML provider holding the dev IdP's metadata.
import { join } from 'node:path';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsAddressedResponse, writeDevIdpMetadata } from '../helpers/aws-saml.js';
import { HttpClient } from '../helpers/http.js';
import { inputValues } from '../helpers/login.js';
import { editModelAndRules, startTestStack, type TestStack } from '../helpers/stack.js';

const PROVIDER = 'arn:aws:iam::111111111111:saml-provider/corp-idp';
const READ = 'arn:aws:iam::111111111111:role/PassRead';
const OPS = 'arn:aws:iam::111111111111:role/team/ops/PassOps';
const ADMIN = 'arn:aws:iam::111111111111:role/PassAdmin';

let stack: TestStack;
let endpoint: string;

beforeAll(async () => {
  stack = await startTestStack((raw) => {
    editModelAndRules(raw, (model, rules) => {
      raw.idps.find((i: { id: string }) => i.id === 'dev-saml').passThrough = { enabled: true };
      const trust = { file: '${trustDir}/bridge-saml.json', providerName: 'corp-idp' };
      model.accounts[0].samlProviders.push({ name: 'corp-idp', metadataFile: join(raw.certsDir, 'corp-idp-metadata.xml') });
      model.accounts[0].roles.push(
        { name: 'PassRead', maxSessionDuration: 3600, trustPolicy: trust },
        { name: 'PassOps', path: '/team/ops/', maxSessionDuration: 3600, trustPolicy: trust },
        { name: 'PassAdmin', maxSessionDuration: 3600, trustPolicy: trust },
      );
      rules.rules.push({ id: 'pass-through', when: { group: 'aws-readonly' }, grant: [{ role: READ }, { role: OPS }], maxAuthAgeSec: 900 });
    });
  });
  writeDevIdpMetadata(stack, join(stack.certsDir, 'corp-idp-metadata.xml'));
  endpoint = `${stack.bridgeUrl}/saml/aws-passthrough/dev-saml`;
});
afterAll(async () => { await stack?.stop(); });

/** Bob's IdP offers three roles: provider-first, role-first with a path, and one the rules do not grant. */
const bobRoles = [`${PROVIDER},${READ}`, `${OPS},${PROVIDER}`, `${ADMIN},${PROVIDER}`];

async function offer(samlResponse: string, client = new HttpClient()) {
  const page = await client.request(endpoint, { form: { SAMLResponse: samlResponse } });
  return { client, page, handle: inputValues(page.body, 'handle')[0], roles: inputValues(page.body, 'role') };
}

const refusedFor = (reason: string) => stack.audit.filter((e) => e.event === 'request_refused' && e.reason === 'invalid_saml_response' && String(e.detail).startsWith(`${reason}:`)).length;

function credentialsFrom(html: string) {
  const v = (k: string) => new RegExp(`export ${k}=&#39;([^&]+)&#39;`).exec(html)?.[1];
  return { accessKeyId: v('AWS_ACCESS_KEY_ID')!, secretAccessKey: v('AWS_SECRET_ACCESS_KEY')!, sessionToken: v('AWS_SESSION_TOKEN')! };
}

describe('SAML pass-through', () => {
  it('offers only the allowed Role pairs, in either order, and forwards the assertion for a path role', async () => {
    const o = await offer(awsAddressedResponse(stack, { roles: bobRoles }));
    expect(o.page.status).toBe(200);
    expect(o.roles.sort()).toEqual([READ, OPS].sort());
    expect(o.page.body).not.toContain('PassAdmin');
    const r = await o.client.request(`${endpoint}/assume`, { form: { handle: o.handle!, role: OPS, duration: '3600' } });
    expect(r.status).toBe(200);
    const creds = credentialsFrom(r.body);
    const sts = new STSClient({ region: 'us-east-1', endpoint: stack.awsUrl!, credentials: creds });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(me.Arn).toBe('arn:aws:sts::111111111111:assumed-role/PassOps/bob');
    expect(stack.audit.some((e) => e.event === 'sts_call' && e.outcome === 'success' && e.passThrough === true && e.role === OPS)).toBe(true);
  });

  it('a provider-first Role value works as well', async () => {
    const o = await offer(awsAddressedResponse(stack, { roles: [`${PROVIDER},${READ}`] }));
    const r = await o.client.request(`${endpoint}/assume`, { form: { handle: o.handle!, role: READ } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('AWS_SESSION_TOKEN');
  });

  it('refuses a Role value the rules do not allow, even though the assertion carries it', async () => {
    const o = await offer(awsAddressedResponse(stack, { roles: bobRoles }));
    const r = await o.client.request(`${endpoint}/assume`, { form: { handle: o.handle!, role: ADMIN } });
    expect(r.status).toBe(403);
    expect(r.body).toContain('Role not granted');
    expect(stack.audit.some((e) => e.event === 'sts_call' && e.outcome === 'failure' && e.reason === 'role_not_granted' && e.role === ADMIN)).toBe(true);
    // The handle was used up by the refused attempt.
    expect((await o.client.request(`${endpoint}/assume`, { form: { handle: o.handle!, role: READ } })).status).toBe(400);
  });

  it('refuses an assertion whose only roles are not allowed', async () => {
    const o = await offer(awsAddressedResponse(stack, { roles: [`${ADMIN},${PROVIDER}`] }));
    expect(o.page.status).toBe(403);
    expect(o.handle).toBeUndefined();
  });

  it('refuses a tampered assertion (a Role value changed after signing)', async () => {
    const xml = Buffer.from(awsAddressedResponse(stack, { roles: [`${PROVIDER},${READ}`] }), 'base64').toString('utf8').replace('role/PassRead', 'role/PassAdmin');
    const o = await offer(Buffer.from(xml).toString('base64'));
    expect(o.page.status).toBe(401);
    expect(o.handle).toBeUndefined();
    expect(refusedFor('signature')).toBe(1);
  });

  it('refuses an assertion addressed to the bridge rather than AWS, and a replay', async () => {
    const toBridge = await offer(awsAddressedResponse(stack, { roles: bobRoles, recipient: `${stack.bridgeUrl}/saml/acs/dev-saml` }));
    expect(toBridge.page.status).toBe(401);
    expect(refusedFor('recipient')).toBe(1);
    const wrongAudience = await offer(awsAddressedResponse(stack, { roles: bobRoles, audience: `${stack.bridgeUrl}/saml/sp` }));
    expect(wrongAudience.page.status).toBe(401);
    expect(refusedFor('audience')).toBe(1);
    const once = awsAddressedResponse(stack, { roles: bobRoles });
    expect((await offer(once)).page.status).toBe(200);
    expect((await offer(once)).page.status).toBe(401);
  });

  it('offers no role whose rule wants a more recent sign-in than the assertion AuthnInstant', async () => {
    const o = await offer(awsAddressedResponse(stack, { roles: bobRoles, authnAgoSec: 3600 }));
    expect(o.page.status).toBe(401);
    expect(o.handle).toBeUndefined();
    expect(stack.audit.some((e) => e.passThrough === true && Array.isArray(e.tooOld) && (e.tooOld as string[]).includes(READ))).toBe(true);
  });

  it('is not mounted for an IdP without passThrough (404)', async () => {
    const r = await new HttpClient().request(`${stack.bridgeUrl}/saml/aws-passthrough/dev-oidc`, { form: { SAMLResponse: 'x' } });
    expect(r.status).toBe(404);
  });
});
