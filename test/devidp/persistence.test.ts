// Keys survive a restart (same certsDir): old ID tokens still verify, subjects
// stay stable, and OIDC sub equals the SAML NameID for the same user.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { parseForm } from '../helpers/html-form.ts';
import { HttpClient } from '../helpers/http.ts';
import { CLIENT, codeFlow, rp } from './oidc-flow.ts';
import { ACS, SP_ENTITY, makeSp } from './saml-sp.ts';
import { startIdp } from './server.ts';

const certsDir = mkdtempSync(join(tmpdir(), 'devidp-persist-'));
afterAll(() => rmSync(certsDir, { recursive: true, force: true }));
const opts = { certsDir, oidcClients: [CLIENT], samlServiceProviders: [{ entityId: SP_ENTITY, acsUrls: [ACS] }] };

async function aliceSub(issuer: string) {
  const { tokens } = await codeFlow(await rp(issuer), 'alice', 'alice-dev-password');
  return { idToken: tokens.id_token!, sub: tokens.claims()!.sub };
}

describe('dev IdP restart', () => {
  it('keeps signing keys, cookie keys and subjects; key files are 0600', async () => {
    const first = await startIdp(opts);
    const before = await aliceSub(first.idp.oidcIssuer).finally(() => first.stop());
    for (const f of ['dev-oidc-jwks.json', 'dev-idp-secrets.json', 'dev-saml-idp.key']) {
      expect(statSync(join(certsDir, f)).mode & 0o777).toBe(0o600);
    }
    const second = await startIdp(opts);
    try {
      const jwks = createRemoteJWKSet(new URL(`${second.idp.oidcIssuer}/jwks`));
      // The port (and so the issuer) changed; the signature must still verify.
      await expect(jwtVerify(before.idToken, jwks, { audience: 'bridge' })).resolves.toBeTruthy();
      expect((await aliceSub(second.idp.oidcIssuer)).sub).toBe(before.sub);

      const sp = makeSp(second.idp.saml.ssoUrl, second.idp.saml.certPem);
      const browser = new HttpClient();
      const page = await browser.follow(await sp.getAuthorizeUrlAsync('', undefined, {}));
      const form = parseForm(page.body, page.url);
      const done = await browser.request(form.action, { form: { ...form.fields, username: 'alice', password: 'alice-dev-password' } });
      const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: parseForm(done.body, done.url).fields.SAMLResponse! });
      expect(profile?.nameID).toBe(before.sub);
    } finally {
      await second.stop();
    }
  });
});
