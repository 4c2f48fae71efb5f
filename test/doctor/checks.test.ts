// doctor's checks: role accounts, certificate expiry, discovery answering.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { checkCertificate, checkDiscovery, checkRoleAccounts } from '../../src/doctor/checks.js';
import { generateSelfSigned } from '../../src/keys/certs.js';
import { loadRules, parseRules } from '../../src/roles/load.js';

describe('doctor', () => {
  it('the shipped rules: every literal role lies in a configured account', () => {
    expect(checkRoleAccounts(loadRules('config/rules.yaml')).every((f) => f.ok)).toBe(true);
  });

  it('flags a role in an account without a provider', () => {
    const r = parseRules({ accounts: [{ id: '111111111111', samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/p' }], rules: [{ id: 'x', when: { group: 'g' }, grant: [{ role: 'arn:aws:iam::222222222222:role/A' }] }] }, 'inline');
    expect(checkRoleAccounts(r)).toEqual([expect.objectContaining({ ok: false })]);
  });

  it('flags a certificate about to expire', async () => {
    const { certPem } = await generateSelfSigned('t', 10);
    expect(checkCertificate(certPem, 'c', Date.now()).ok).toBe(false);
    expect(checkCertificate(certPem, 'c', Date.now() - 30 * 86_400_000, 5).ok).toBe(true);
  });

  it('checks that each OIDC IdP discovery answers with its issuer', async () => {
    const server = createServer((_req, res) => res.end(JSON.stringify({ issuer: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, jwks_uri: 'x' })));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = { idps: [{ id: 'a', type: 'oidc', issuer }, { id: 'b', type: 'oidc', issuer: 'http://127.0.0.1:1' }] } as never;
    const f = await checkDiscovery(config);
    server.close();
    expect(f.map((x) => x.ok)).toEqual([true, false]);
  });
});
