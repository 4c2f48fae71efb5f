// The AWS Role attribute of a pass-through assertion: "role-arn,provider-arn"
// pairs in either order (told apart by resource type), role ARNs with paths;
// and the subset the bridge's rules grant. Filtering is convenience only: the
// user holds the assertion and can present any pair to AWS directly.
import { parseRoleArn, parseSamlProviderArn } from '../aws/arn.js';
import type { GrantedRole } from '../roles/map.js';

export const ROLE_ATTRIBUTE = 'https://aws.amazon.com/SAML/Attributes/Role';

export interface RolePair { roleArn: string; providerArn: string }

export function rolePairs(attributes: Record<string, string[]>): RolePair[] {
  const out: RolePair[] = [];
  for (const value of attributes[ROLE_ATTRIBUTE] ?? []) {
    const parts = value.split(',').map((p) => p.trim());
    if (parts.length !== 2) continue;
    const roleArn = parts.find((p) => parseRoleArn(p));
    const providerArn = parts.find((p) => parseSamlProviderArn(p));
    if (roleArn && providerArn && !out.some((x) => x.roleArn === roleArn && x.providerArn === providerArn)) out.push({ roleArn, providerArn });
  }
  return out;
}

export interface AllowedPair extends RolePair { granted: GrantedRole }

/** The pairs whose role the rules grant this person (same partition and account as its provider). */
export function allowedPairs(pairs: RolePair[], granted: GrantedRole[]): AllowedPair[] {
  return pairs.flatMap((p) => {
    const g = granted.find((r) => r.arn === p.roleArn);
    const provider = parseSamlProviderArn(p.providerArn)!;
    return g && provider.accountId === g.accountId && provider.partition === g.partition ? [{ ...p, granted: g }] : [];
  });
}
