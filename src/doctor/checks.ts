// Configuration checks for `npm run doctor`: each returns findings, never
// throws, and never prints a secret.
import { X509Certificate } from 'node:crypto';
import type { Config } from '../config/schema.js';
import { parseRoleArn } from '../aws/arn.js';
import { loadSigner } from '../keys/load.js';
import { resolveAlias } from '../roles/map.js';
import type { Rules } from '../roles/schema.js';

export interface Finding { check: string; ok: boolean; message: string }

/** Every literal granted role (and chain hop) lies in an account with a provider ARN. */
export function checkRoleAccounts(rules: Rules): Finding[] {
  const out: Finding[] = [];
  for (const rule of rules.rules) {
    for (const g of rule.grant ?? []) {
      for (const arn of [g.via ?? g.role]) {
        if (arn.includes('${')) continue;
        const parsed = parseRoleArn(resolveAlias(arn, rules.accounts));
        const ok = parsed !== undefined && rules.accounts.some((a) => a.id === parsed.accountId);
        out.push({ check: 'role-account', ok, message: ok ? `${rule.id}: ${arn}` : `${rule.id}: ${arn} is not in a configured account with a samlProviderArn` });
      }
    }
  }
  return out;
}

export function checkCertificate(pem: string, label: string, nowMs: number, warnDays = 30): Finding {
  try {
    const cert = new X509Certificate(pem);
    const daysLeft = Math.floor((Date.parse(cert.validTo) - nowMs) / 86_400_000);
    const ok = daysLeft >= warnDays;
    return { check: 'certificate', ok, message: `${label}: expires ${cert.validTo} (${daysLeft} days)${ok ? '' : ' — renew it and upload the new metadata to every account'}` };
  } catch (e) {
    return { check: 'certificate', ok: false, message: `${label}: cannot be read (${(e as Error).message})` };
  }
}

export async function checkSigning(config: Config, nowMs: number): Promise<Finding[]> {
  try {
    const signer = await loadSigner(config);
    return [signer.certificatePem, ...signer.additionalCertificatesPem].map((pem, i) => checkCertificate(pem, i === 0 ? 'signing certificate' : `additional certificate ${i}`, nowMs));
  } catch (e) {
    return [{ check: 'signing-key', ok: false, message: `signing key does not load: ${(e as Error).message}` }];
  }
}

export async function checkDiscovery(config: Config, fetchFn: typeof fetch = fetch): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const idp of config.idps) {
    if (idp.type !== 'oidc' || idp.issuer === 'embedded') continue;
    const url = `${idp.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    try {
      const res = await fetchFn(url, { signal: AbortSignal.timeout(5000) });
      const doc = (await res.json()) as { issuer?: string; jwks_uri?: string };
      const ok = res.ok && doc.issuer === idp.issuer && typeof doc.jwks_uri === 'string';
      out.push({ check: 'discovery', ok, message: `${idp.id}: ${url} ${ok ? 'answers' : `answered ${res.status} with issuer ${String(doc.issuer)}`}` });
    } catch (e) {
      out.push({ check: 'discovery', ok: false, message: `${idp.id}: ${url} does not answer (${(e as Error).message})` });
    }
  }
  return out;
}
