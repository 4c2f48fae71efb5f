// The console button's redirect chain, and the bridge's published metadata
// checked by an implementation no one here wrote (Debian's xmlsec1).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintAssertion } from '../../src/aws/assertion.js';
import { mapRoles } from '../../src/roles/map.js';
import { loadRules } from '../../src/roles/load.js';
import { inputValues, signIn } from '../helpers/login.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => { stack = await startTestStack(); });
afterAll(async () => { await stack?.stop(); });

describe('Open AWS console', () => {
  it('redirects at once through getSigninToken and login to the local console page', async () => {
    const { client, page } = await signIn(stack.bridgeUrl, 'dev-saml', 'bob');
    const csrf = inputValues(page.body, 'csrf')[0]!;
    const first = await client.request(`${stack.bridgeUrl}/console`, { form: { csrf, role: 'arn:aws:iam::111111111111:role/ReadOnly' } });
    expect(first.status).toBe(303);
    expect(first.headers.get('cache-control')).toContain('no-store');
    const login = new URL(first.headers.get('location')!);
    expect(`${login.origin}${login.pathname}`).toBe(`${stack.awsUrl}/federation`);
    expect(login.searchParams.get('Action')).toBe('login');
    expect(login.searchParams.get('Issuer')).toBe(`${stack.bridgeUrl}/`);
    const landing = await client.follow(login.href);
    expect(landing.url).toBe(`${stack.awsUrl}/console`);
    expect(landing.body).toContain('111111111111');
    expect(landing.body).toContain('ReadOnly');
    expect(landing.body).toContain('bob@example.com');
    expect(stack.audit.some((e) => e.event === 'console_url' && e.outcome === 'success' && e.user === 'bob')).toBe(true);
  });

  it('refuses a form post without the CSRF token', async () => {
    const { client } = await signIn(stack.bridgeUrl, 'dev-oidc', 'bob');
    const r = await client.request(`${stack.bridgeUrl}/console`, { form: { role: 'arn:aws:iam::111111111111:role/ReadOnly' } });
    expect(r.status).toBe(403);
    expect(r.body).toContain('Form expired');
  });
});

describe('AWS-facing IdP metadata and the minted assertion', () => {
  it('publishes UTF-8 metadata whose entityID is the Issuer and whose certificate verifies a minted assertion with xmlsec1', async () => {
    if (!existsSync('/usr/bin/xmlsec1')) throw new Error('xmlsec1 is required (installed by .ci/run)');
    const res = await fetch(`${stack.bridgeUrl}/metadata/aws-idp.xml`);
    expect(res.headers.get('content-type')).toContain('charset=utf-8');
    const md = await res.text();
    expect(md.charCodeAt(0)).not.toBe(0xfeff);
    const entityId = /entityID="([^"]+)"/.exec(md)![1]!;
    expect(entityId).toBe(stack.context.entityId);
    const certB64 = /<ds:X509Certificate>([^<]+)</.exec(md)![1]!;
    const role = mapRoles({ idp: 'dev-saml', issuer: 'x', subject: 's', username: 'alice', groups: ['aws-admins'], claims: {}, authTime: 0 }, loadRules('config/rules.yaml')).roles[0]!;
    const minted = mintAssertion({ identity: { idp: 'dev-saml', issuer: 'x', subject: 's', email: 'a@example.com', groups: [], claims: {}, authTime: 0 }, role, issuer: entityId, durationSec: 900, now: Date.now() }, stack.context.signer);
    const xml = Buffer.from(minted.base64, 'base64').toString('utf8');
    expect(xml).toContain(`<saml:Issuer>${entityId}</saml:Issuer>`);
    expect(xml).toContain('Recipient="https://signin.aws.amazon.com/saml"');
    expect(xml).toContain(`${role.arn},${role.providerArn}`);
    const dir = mkdtempSync(join(tmpdir(), 'xmlsec-'));
    writeFileSync(join(dir, 'cert.pem'), `-----BEGIN CERTIFICATE-----\n${certB64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`);
    writeFileSync(join(dir, 'ok.xml'), xml);
    writeFileSync(join(dir, 'tampered.xml'), xml.replace('/Admin,', '/Other,'));
    const verify = (f: string) => promisify(execFile)('/usr/bin/xmlsec1', ['--verify', '--pubkey-cert-pem', join(dir, 'cert.pem'), '--id-attr:ID', 'urn:oasis:names:tc:SAML:2.0:assertion:Assertion', join(dir, f)]).then(() => true, () => false);
    expect(await verify('ok.xml')).toBe(true);
    expect(await verify('tampered.xml')).toBe(false);
  });

  it('serves SP metadata with the ACS URL for the upstream IdP', async () => {
    const md = await (await fetch(`${stack.bridgeUrl}/metadata/sp/dev-saml.xml`)).text();
    expect(md).toContain(`entityID="${stack.bridgeUrl}/saml/sp"`);
    expect(md).toContain(`Location="${stack.bridgeUrl}/saml/acs/dev-saml"`);
  });
});
