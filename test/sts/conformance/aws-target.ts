// A sandbox AWS account as a conformance target (opt-in through
// STS_CONFORMANCE_AWS_*; see docs/local-sts.md). Roles must exist as printed
// by print-aws-setup.ts; SAML/OIDC/MFA material is optional and read from files.
import { readFileSync } from 'node:fs';
import { SignJWT, importJWK, type JWK } from 'jose';
import { samlResponse } from '../helpers.js';
import { totp } from '../../../src/sts/mfa.js';
import { awsCapabilities, awsPrincipals, stsClient, type Target } from './target.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function awsTarget(e: NodeJS.ProcessEnv = process.env): Promise<Target> {
  const p = awsPrincipals(e)!;
  const caps = awsCapabilities(e);
  const v = (k: string): string => e[`STS_CONFORMANCE_AWS_${k}`] ?? '';
  const region = v('REGION') || 'us-east-1';
  const user = { accessKeyId: v('ACCESS_KEY_ID'), secretAccessKey: v('SECRET_ACCESS_KEY') };
  let lastStep = 0;
  const t: Target = {
    name: 'aws', endpoint: undefined, region, account: p.account, user, userArn: p.userArn, role: p.roleArn,
    client: (c) => stsClient(undefined, region, c),
    close: async () => {},
  };
  if (caps.mfa) {
    t.mfa = { serial: v('MFA_SERIAL'), code: async () => {
      // IAM refuses a code already used: wait for the next 30-s step.
      while (Math.floor(Date.now() / 30_000) <= lastStep) await sleep(1000);
      lastStep = Math.floor(Date.now() / 30_000);
      return totp(v('MFA_SEED'), Date.now());
    } };
  }
  if (caps.saml) {
    const idp = { dir: '', keyPem: readFileSync(v('SAML_KEY_FILE'), 'utf8'), certPem: readFileSync(v('SAML_CERT_FILE'), 'utf8'), metadataFile: '' };
    t.saml = { provider: p.samlProvider, assertion: (o = {}) => samlResponse(idp, { issuer: v('SAML_ISSUER'), roles: [`${p.roleArn('Saml')},${p.samlProvider}`], ...o }) };
  }
  if (caps.oidc) {
    const jwk = JSON.parse(readFileSync(v('OIDC_KEY_FILE'), 'utf8')) as JWK;
    const key = await importJWK(jwk, 'RS256');
    const issuer = v('OIDC_ISSUER');
    t.oidc = { issuer, clientId: p.clientId, token: async (claims = {}, o = {}) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ sub: 'user-alice', aud: p.clientId, iat: now, exp: now + (o.expSeconds ?? 300), ...claims })
        .setProtectedHeader({ alg: 'RS256', ...(jwk.kid ? { kid: jwk.kid } : {}) }).setIssuer(issuer).sign(key);
    } };
  }
  if (caps.expiry) t.elapse = sleep;
  return t;
}
