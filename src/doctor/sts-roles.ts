// doctor: "the local STS accepts a test assertion for each role". For every
// literal role the rules grant (the `via` hop for a chained grant), mint a
// test assertion with the bridge's signer and call AssumeRoleWithSAML. Only
// against a local STS: against AWS this would issue real credentials.
import type { STSClient } from '@aws-sdk/client-sts';
import { parseRoleArn } from '../aws/arn.js';
import { mintAssertion } from '../aws/assertion.js';
import { assumeRoleWithSaml } from '../aws/sts.js';
import { BridgeError } from '../errors.js';
import type { Identity } from '../identity.js';
import type { Signer } from '../keys/signer.js';
import { resolveAlias, type GrantedRole } from '../roles/map.js';
import type { Rules } from '../roles/schema.js';
import type { Finding } from './checks.js';

/** The roles a minted assertion names, once each: literal grants, or their `via` hop. */
export function samlRoles(rules: Rules): GrantedRole[] {
  const out = new Map<string, GrantedRole>();
  for (const rule of rules.rules) {
    for (const g of rule.grant ?? []) {
      const arn = g.via ?? g.role;
      if (arn.includes('${')) continue;
      const parsed = parseRoleArn(resolveAlias(arn, rules.accounts));
      const account = parsed && rules.accounts.find((a) => a.id === parsed.accountId);
      if (!parsed || !account || out.has(parsed.arn)) continue;
      out.set(parsed.arn, { ...parsed, providerArn: account.samlProviderArn, ruleIds: [rule.id] });
    }
  }
  return [...out.values()];
}

const TEST_IDENTITY: Identity = { idp: 'doctor', issuer: 'sts-bridge-doctor', subject: 'sts-bridge-doctor', username: 'sts-bridge-doctor', groups: [], claims: {}, authTime: 0 };

export async function checkRolesAssume(i: { rules: Rules; sts: STSClient; signer: Signer; entityId: string; now?: () => number }): Promise<Finding[]> {
  const now = i.now ?? Date.now;
  const out: Finding[] = [];
  for (const role of samlRoles(i.rules)) {
    const minted = mintAssertion({ identity: { ...TEST_IDENTITY, authTime: Math.floor(now() / 1000) }, role, issuer: i.entityId, durationSec: 900, now: now(), sourceIdentity: null }, i.signer);
    try {
      await assumeRoleWithSaml(i.sts, { roleArn: role.arn, principalArn: role.providerArn, samlAssertion: minted.base64, durationSec: 900 });
      out.push({ check: 'sts-assume', ok: true, message: `${role.arn}: the STS accepts a test assertion (via ${role.providerArn})` });
    } catch (e) {
      const why = e instanceof BridgeError ? String(e.extra?.aws_error ?? e.code) + (e.detail ? ` — ${e.detail}` : '') : (e as Error).message;
      out.push({ check: 'sts-assume', ok: false, message: `${role.arn}: the STS refused a test assertion (${why})` });
    }
  }
  return out;
}
