// The role rules file (config/rules.yaml): data, not code. Deny by default: a
// role is granted only when a rule's every `when` condition holds.
import { z } from 'zod';
import { parseRoleArn, parseSamlProviderArn } from '../aws/arn.js';

const accountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id');

const account = z.strictObject({
  id: accountId,
  alias: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/).optional(),
  /** The bridge's SAML provider in this account: half of every Role value. */
  samlProviderArn: z.string().refine((s) => parseSamlProviderArn(s) !== undefined, 'a SAML provider ARN (arn:aws:iam::<account>:saml-provider/<name>)'),
}).refine((a) => parseSamlProviderArn(a.samlProviderArn)?.accountId === a.id, { message: 'samlProviderArn must be in the same account', path: ['samlProviderArn'] });

const regex = z.string().refine((s) => { try { new RegExp(s, 'u'); return true; } catch { return false; } }, 'a valid regular expression');

const when = z.strictObject({
  /** Exact group name, compared by code points after NFC normalisation. */
  group: z.string().min(1).optional(),
  /** Regular expression over each group, anchored; named captures feed the role template. */
  groupPattern: regex.optional(),
  /** Email domain, compared case-insensitively (domains are). */
  emailDomain: z.string().min(1).optional(),
  /** Only for identities from this configured IdP id. */
  idp: z.string().optional(),
}).refine((w) => Object.keys(w).length > 0, 'a rule needs at least one condition');

const grant = z.strictObject({
  /** A role ARN, or a template with ${capture} placeholders from groupPattern. */
  role: z.string().min(20),
  /** The most the bridge asks for (it cannot read the role's MaxSessionDuration). */
  maxSessionSec: z.number().int().min(900).max(43_200).optional(),
});

const rule = z.strictObject({
  id: z.string().min(1),
  description: z.string().optional(),
  when,
  grant: z.array(grant).min(1),
}).refine((r) => r.grant.every((g) => g.role.includes('${') || parseRoleArn(g.role)), { message: 'every grant.role must be a role ARN (arn:aws:iam::<account>:role/<name>) or a template', path: ['grant'] });

export const rulesSchema = z.strictObject({
  accounts: z.array(account).min(1),
  rules: z.array(rule),
});

export type Rules = z.output<typeof rulesSchema>;
export type Rule = Rules['rules'][number];
