// The role rules file (config/rules.yaml): data, not code. Deny by default: a
// role is granted only when a rule's every `when` condition holds, and no deny
// rule that holds names it (deny wins).
import { z } from 'zod';
import { parseRoleArn, parseSamlProviderArn } from '../aws/arn.js';
import { directorySource, idpGroups } from '../directory/schema.js';
import { sessionSettings } from './session-schema.js';

const accountId = z.string().regex(/^\d{12}$/, 'a 12-digit AWS account id');
const oneOrMany = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const account = z.strictObject({
  id: accountId,
  /** Usable in place of the id in role ARNs and templates (`arn:aws:iam::demo-prod:role/X`). */
  alias: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/).optional(),
  /** The bridge's SAML provider in this account: half of every Role value. Its partition is the account's. */
  samlProviderArn: z.string().refine((s) => parseSamlProviderArn(s) !== undefined, 'a SAML provider ARN (arn:aws:iam::<account>:saml-provider/<name>)'),
}).refine((a) => parseSamlProviderArn(a.samlProviderArn)?.accountId === a.id, { message: 'samlProviderArn must be in the same account', path: ['samlProviderArn'] });

export const validRegex = z.string().refine((s) => { try { new RegExp(s, 'u'); return true; } catch { return false; } }, 'a valid regular expression');

const when = z.strictObject({
  /** Exact group name, compared by code points after NFC normalisation. */
  group: z.string().min(1).optional(),
  /** Glob over each group (`*`, `?`), anchored; each `*` is a numbered capture. */
  groupGlob: z.string().min(1).optional(),
  /** Regular expression over each group, anchored; named captures feed the role template. */
  groupPattern: validRegex.optional(),
  /** Email domain(s), compared case-insensitively (domains are). */
  emailDomain: oneOrMany.optional(),
  /** Google's hosted-domain claim `hd` (only verified Workspace accounts carry it). */
  hd: oneOrMany.optional(),
  /** Only for identities from this configured IdP id (or one of these). */
  idp: oneOrMany.optional(),
  /** Other claims (`amr`, `acr`, `department`, dotted paths): each must carry one of the listed values. */
  claims: z.record(z.string().min(1), oneOrMany).optional(),
}).refine((w) => Object.keys(w).length > 0, 'a rule needs at least one condition')
  .refine((w) => [w.group, w.groupGlob, w.groupPattern].filter((x) => x !== undefined).length <= 1, 'use one of group, groupGlob, groupPattern');

const grant = z.strictObject({
  /** A role ARN, or a template with ${capture} placeholders; the account may be an alias. */
  role: z.string().min(20),
  /** The most the bridge asks for (it cannot read the role's MaxSessionDuration). */
  maxSessionSec: z.number().int().min(900).max(43_200).optional(),
  /** Cross-account: reach `role` by a chained AssumeRole from the `via` role (see docs/rules.md). */
  via: z.string().min(20).optional(),
  /** ExternalId for the chained AssumeRole (the partner's or vendor's trust policy requires it). */
  externalId: z.string().regex(/^[\w+=,.@:/-]{2,1224}$/).optional(),
}).refine((g) => g.externalId === undefined || g.via !== undefined, { message: 'externalId needs via', path: ['externalId'] });

const isArnOrTemplate = (s: string) => s.includes('${') || parseRoleArn(s) !== undefined || /^arn:[\w-]+:iam::(?=[a-z0-9-]*[a-z])[a-z0-9][a-z0-9-]{1,62}:role\/[\w+=,.@/-]+$/.test(s);

const rule = z.strictObject({
  id: z.string().min(1),
  description: z.string().optional(),
  when,
  /** Roles granted when `when` holds. */
  grant: z.array(grant).min(1).optional(),
  /** Privileged roles: the person must have authenticated upstream at most this long ago. */
  maxAuthAgeSec: z.number().int().min(60).max(86_400).optional(),
  /** Role ARN globs (or templates) refused when `when` holds, whatever else grants them. */
  deny: z.array(z.string().min(5)).min(1).optional(),
}).refine((r) => (r.grant === undefined) !== (r.deny === undefined), { message: 'a rule has either grant or deny', path: ['grant'] })
  .refine((r) => (r.grant ?? []).every((g) => isArnOrTemplate(g.role)), { message: 'every grant.role must be a role ARN (arn:aws:iam::<account>:role/<name>) or a template', path: ['grant'] });

export const rulesSchema = z.strictObject({
  accounts: z.array(account).min(1),
  /** Per-IdP group handling (transforms, id-to-name table, directory source), keyed by IdP id. */
  idps: z.record(z.string(), idpGroups).default({}),
  directories: z.array(directorySource).default([]),
  /** Session tags and SourceIdentity sent on every path to STS. */
  session: sessionSettings.default({ tags: [], sourceIdentity: 'username' }),
  rules: z.array(rule),
}).superRefine((r, ctx) => {
  const known = new Set(r.directories.map((d) => d.id));
  for (const [idp, g] of Object.entries(r.idps)) {
    if (g.directory && !known.has(g.directory)) ctx.addIssue({ code: 'custom', path: ['idps', idp, 'directory'], message: `no directory with id ${g.directory}` });
  }
  const aliases = r.accounts.flatMap((a) => (a.alias ? [a.alias] : []));
  if (new Set(aliases).size !== aliases.length) ctx.addIssue({ code: 'custom', path: ['accounts'], message: 'account aliases must be unique' });
});

export type Rules = z.output<typeof rulesSchema>;
export type Rule = Rules['rules'][number];
export type Grant = NonNullable<Rule['grant']>[number];
export type Account = Rules['accounts'][number];
