// The local STS as a conformance target: an IAM model built from roles.ts, a
// throwaway SAML IdP and OIDC signing key, and a clock the tests may move.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { makeIdp, samlResponse, startLocalAws, ENTITY_ID } from '../helpers.js';
import { totp } from '../../../src/sts/mfa.js';
import { ROLE_NAMES, roleSpecs, userPolicy, type Principals } from './roles.js';
import { stsClient, type Target } from './target.js';

const A = '111111111111';
const SEED = 'JBSWY3DPEHPK3PXP';
const ISSUER = 'https://oidc.conformance.test';
export const LOCAL_USER = { accessKeyId: 'AKIACONFORMANCEUSER1', secretAccessKey: 'c'.repeat(40) };

const principals: Principals = {
  account: A, userArn: `arn:aws:iam::${A}:user/alice`, roleArn: (n) => `arn:aws:iam::${A}:role/${n}`,
  samlProvider: `arn:aws:iam::${A}:saml-provider/conformance`, oidcProvider: `arn:aws:iam::${A}:oidc-provider/oidc.conformance.test`,
  oidcHost: 'oidc.conformance.test', clientId: 'sts-conformance',
};

export async function localTarget(): Promise<Target> {
  const idp = await makeIdp();
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  writeFileSync(join(idp.dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }));
  const specs = roleSpecs(principals);
  const model = { accounts: [{ id: A,
    samlProviders: [{ name: 'conformance', metadataFile: idp.metadataFile }],
    oidcProviders: [{ url: ISSUER, clientIds: [principals.clientId], jwksFile: join(idp.dir, 'jwks.json') }],
    users: [{ name: 'alice', accessKeys: [{ id: LOCAL_USER.accessKeyId, secret: LOCAL_USER.secretAccessKey }], policies: [userPolicy], mfaDevices: [{ serialNumber: `arn:aws:iam::${A}:mfa/alice`, seed: SEED }] }],
    roles: ROLE_NAMES.map((name) => ({ name, maxSessionDuration: specs[name].maxSessionDuration, trustPolicy: { document: specs[name].trust }, policies: specs[name].policies })),
  }] };
  writeFileSync(join(idp.dir, 'model.yaml'), JSON.stringify(model));
  let offset = 0;
  const run = await startLocalAws({ modelFile: join(idp.dir, 'model.yaml'), clock: () => Date.now() + offset });
  return {
    name: 'local', endpoint: run.url, region: 'us-east-1', account: A, user: LOCAL_USER, userArn: principals.userArn,
    role: principals.roleArn,
    mfa: { serial: `arn:aws:iam::${A}:mfa/alice`, code: async () => totp(SEED, Date.now() + offset) },
    saml: { provider: principals.samlProvider, assertion: (o = {}) => samlResponse(idp, { issuer: ENTITY_ID, roles: [`${principals.roleArn('Saml')},${principals.samlProvider}`], now: Date.now() + offset, ...o }) },
    oidc: {
      issuer: ISSUER, clientId: principals.clientId,
      token: async (claims = {}, o = {}) => {
        const now = Math.floor((Date.now() + offset) / 1000);
        return new SignJWT({ sub: 'user-alice', aud: principals.clientId, iat: now, exp: now + (o.expSeconds ?? 300), ...claims })
          .setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(ISSUER).sign(privateKey);
      },
    },
    elapse: async (ms) => { offset += ms; },
    client: (c) => stsClient(run.url, 'us-east-1', c, offset),
    close: () => run.stop(),
  };
}
