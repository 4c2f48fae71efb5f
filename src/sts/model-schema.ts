// The YAML shape of the IAM model (config/local-aws.yaml), validated with zod
// so that a bad file names the offending field. model.ts turns it into ARNs.
import { z } from 'zod';

export const NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^\/([\w+=,.@-]+\/)*$/;
const document = z.record(z.string(), z.unknown());

export const trustPolicySchema = z.union([
  z.object({ file: z.string().min(1), providerName: z.string().regex(NAME).optional() }).strict(),
  z.object({ document }).strict(),
]);

const samlProvider = z.object({
  name: z.string().regex(/^[\w._-]{1,128}$/),
  metadataFile: z.string().min(1),
  allowInsecureSha1: z.boolean().default(false),
}).strict();

const oidcProvider = z.object({
  /** Issuer URL exactly as in the token's iss (https; http only outside production). */
  url: z.string().regex(/^https?:\/\/[^\s?#]+$/),
  clientIds: z.array(z.string().min(1)).min(1).max(100),
  /** Local JWKS file; without it the JWKS is fetched via <url>/.well-known/openid-configuration. */
  jwksFile: z.string().optional(),
}).strict();

/** Customer managed policies: what PolicyArns and managedPolicyArns refer to. */
const managedPolicy = z.object({ name: z.string().regex(/^[\w+=,.@-]{1,128}$/), path: z.string().regex(PATH).default('/'), document }).strict();

const role = z.object({
  name: z.string().regex(NAME),
  path: z.string().regex(PATH).default('/'),
  roleId: z.string().regex(/^AROA[A-Z0-9]{16,}$/).optional(),
  maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
  trustPolicy: trustPolicySchema,
  tags: z.record(z.string(), z.string()).default({}),
  /** Inline identity policies. */
  policies: z.array(document).default([]),
  managedPolicyArns: z.array(z.string()).default([]),
}).strict();

const user = z.object({
  name: z.string().regex(NAME),
  userId: z.string().regex(/^AIDA[A-Z0-9]{16,}$/).optional(),
  accessKeys: z.array(z.object({ id: z.string().regex(/^AKIA[A-Z0-9]{16}$/), secret: z.string().min(40) }).strict()).default([]),
  /** Inline identity policies. */
  policies: z.array(document).default([]),
  managedPolicyArns: z.array(z.string()).default([]),
  tags: z.record(z.string(), z.string()).default({}),
  /** Virtual MFA devices: base32 TOTP seed (RFC 6238, SHA-1, 30 s, 6 digits). */
  mfaDevices: z.array(z.object({ serialNumber: z.string().regex(/^[\w+=/:,.@-]{9,256}$/), seed: z.string().regex(/^[A-Z2-7]+=*$/) }).strict()).default([]),
}).strict();

export const modelSchema = z.object({
  partition: z.string().default('aws'),
  vars: z.record(z.string(), z.string()).default({}),
  accounts: z.array(z.object({
    id: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
    alias: z.string().optional(),
    samlProviders: z.array(samlProvider).default([]),
    oidcProviders: z.array(oidcProvider).default([]),
    managedPolicies: z.array(managedPolicy).default([]),
    roles: z.array(role).default([]),
    users: z.array(user).default([]),
  }).strict()).min(1),
}).strict();

export type ModelFile = z.infer<typeof modelSchema>;
export type TrustPolicySpec = z.infer<typeof trustPolicySchema>;
