// The IAM model: accounts, SAML providers, roles (with trust policies) and
// users, loaded from YAML and validated with zod so a bad file names the field.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { parsePolicy, type PolicyDocument } from './policy/document.js';

const NAME = /^[\w+=,.@-]{1,64}$/;
const pathVars = (s: string, vars: Record<string, string>): string =>
  s.replace(/\$\{(\w+)\}/g, (m, k: string) => {
    if (vars[k] === undefined) throw new Error(`unknown variable \${${k}} in "${s}"`);
    return vars[k];
  });

const trustPolicySchema = z.union([
  z.object({ file: z.string().min(1), providerName: z.string().regex(NAME).optional() }).strict(),
  z.object({ document: z.record(z.string(), z.unknown()) }).strict(),
]);
const modelSchema = z.object({
  partition: z.string().default('aws'),
  vars: z.record(z.string(), z.string()).default({}),
  accounts: z.array(z.object({
    id: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
    alias: z.string().optional(),
    samlProviders: z.array(z.object({
      name: z.string().regex(/^[\w._-]{1,128}$/),
      metadataFile: z.string().min(1),
      allowInsecureSha1: z.boolean().default(false),
    }).strict()).default([]),
    oidcProviders: z.array(z.object({
      /** Issuer URL exactly as in the token's iss (https; http only outside production). */
      url: z.string().regex(/^https?:\/\/[^\s?#]+$/),
      clientIds: z.array(z.string().min(1)).min(1).max(100),
      /** Local JWKS file; without it the JWKS is fetched via <url>/.well-known/openid-configuration. */
      jwksFile: z.string().optional(),
    }).strict()).default([]),
    roles: z.array(z.object({
      name: z.string().regex(NAME),
      path: z.string().regex(/^\/([\w+=,.@-]+\/)*$/).default('/'),
      roleId: z.string().regex(/^AROA[A-Z0-9]{16,}$/).optional(),
      maxSessionDuration: z.number().int().min(3600).max(43200).default(3600),
      trustPolicy: trustPolicySchema,
      tags: z.record(z.string(), z.string()).default({}),
      policies: z.array(z.record(z.string(), z.unknown())).default([]),
    }).strict()).default([]),
    users: z.array(z.object({
      name: z.string().regex(NAME),
      userId: z.string().regex(/^AIDA[A-Z0-9]{16,}$/).optional(),
      accessKeys: z.array(z.object({ id: z.string().regex(/^AKIA[A-Z0-9]{16}$/), secret: z.string().min(40) }).strict()).default([]),
      /** Identity policies (inline JSON documents). */
      policies: z.array(z.record(z.string(), z.unknown())).default([]),
      tags: z.record(z.string(), z.string()).default({}),
      /** Virtual MFA devices: base32 TOTP seed (RFC 6238, SHA-1, 30 s, 6 digits). */
      mfaDevices: z.array(z.object({ serialNumber: z.string().regex(/^[\w+=/:,.@-]{9,256}$/), seed: z.string().regex(/^[A-Z2-7]+=*$/) }).strict()).default([]),
    }).strict()).default([]),
  }).strict()).min(1),
}).strict();

export interface OidcProvider { accountId: string; url: string; arn: string; clientIds: string[]; jwksFile?: string | undefined }
export interface SamlProvider { accountId: string; name: string; arn: string; metadataFile: string; allowInsecureSha1: boolean }
export interface Role { accountId: string; name: string; arn: string; roleId: string; maxSessionDuration: number; trustPolicy: PolicyDocument; tags: Record<string, string>; policies: PolicyDocument[] }
export interface User { accountId: string; name: string; arn: string; userId: string; policies: PolicyDocument[]; tags: Record<string, string>; mfaDevices: Map<string, string> }
export interface IamModel {
  partition: string;
  accounts: { id: string; alias?: string | undefined }[];
  roles: Map<string, Role>;            // by ARN
  samlProviders: Map<string, SamlProvider>; // by ARN
  oidcProviders: Map<string, OidcProvider>; // by ARN
  users: Map<string, User>;            // by ARN
  accessKeys: Map<string, { user: User; secret: string }>; // by AKIA id
}

/** Stable AWS-looking unique ids derived from the ARN, so they survive restarts. */
export function stableId(prefix: string, seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const h = createHash('sha256').update(seed).digest();
  return prefix + Array.from(h.subarray(0, 17), (b) => alphabet[b % 32]).join('');
}

export function loadModel(file: string, extraVars: Record<string, string> = {}): IamModel {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`IAM model ${file}: ${(e as Error).message}`);
  }
  const parsed = modelSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`IAM model ${file}: field ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return buildModel(parsed.data, { ...parsed.data.vars, ...extraVars }, file);
}

function buildModel(m: z.infer<typeof modelSchema>, vars: Record<string, string>, file: string): IamModel {
  const model: IamModel = { partition: m.partition, accounts: [], roles: new Map(), samlProviders: new Map(), oidcProviders: new Map(), users: new Map(), accessKeys: new Map() };
  const p = m.partition;
  for (const [ai, a] of m.accounts.entries()) {
    model.accounts.push({ id: a.id, alias: a.alias });
    for (const sp of a.samlProviders) {
      const arn = `arn:${p}:iam::${a.id}:saml-provider/${sp.name}`;
      model.samlProviders.set(arn, { accountId: a.id, name: sp.name, arn, allowInsecureSha1: sp.allowInsecureSha1, metadataFile: resolve(pathVars(sp.metadataFile, vars)) });
    }
    for (const op of a.oidcProviders) {
      const arn = `arn:${p}:iam::${a.id}:oidc-provider/${op.url.replace(/^https?:\/\//, '')}`;
      model.oidcProviders.set(arn, { accountId: a.id, url: op.url, arn, clientIds: op.clientIds, jwksFile: op.jwksFile && resolve(pathVars(op.jwksFile, vars)) });
    }
    for (const [ri, r] of a.roles.entries()) {
      const arn = `arn:${p}:iam::${a.id}:role${r.path}${r.name}`;
      const where = `accounts.${ai}.roles.${ri}.trustPolicy`;
      const trustPolicy = loadTrustPolicy(r.trustPolicy, { Partition: p, AccountId: a.id }, vars, `${file}: ${where}`);
      const policies = r.policies.map((d, pi) => inlinePolicy(d, `${file}: accounts.${ai}.roles.${ri}.policies.${pi}`));
      model.roles.set(arn, { accountId: a.id, name: r.name, arn, roleId: r.roleId ?? stableId('AROA', arn), maxSessionDuration: r.maxSessionDuration, trustPolicy, tags: r.tags, policies });
    }
    for (const [ui, u] of a.users.entries()) {
      const arn = `arn:${p}:iam::${a.id}:user/${u.name}`;
      const policies = u.policies.map((d, pi) => inlinePolicy(d, `${file}: accounts.${ai}.users.${ui}.policies.${pi}`));
      const mfaDevices = new Map(u.mfaDevices.map((m) => [m.serialNumber, m.seed]));
      const user: User = { accountId: a.id, name: u.name, arn, userId: u.userId ?? stableId('AIDA', arn), policies, tags: u.tags, mfaDevices };
      model.users.set(arn, user);
      for (const k of u.accessKeys) model.accessKeys.set(k.id, { user, secret: k.secret });
    }
  }
  return model;
}

function inlinePolicy(doc: Record<string, unknown>, where: string): PolicyDocument {
  try {
    return parsePolicy(JSON.stringify(doc));
  } catch (e) {
    throw new Error(`IAM model ${where}: ${(e as Error).message}`);
  }
}

/** Trust templates use ${Partition}, ${AccountId}, ${ProviderName}; the same file an admin applies in real AWS. */
function loadTrustPolicy(tp: z.infer<typeof trustPolicySchema>, base: Record<string, string>, vars: Record<string, string>, where: string): PolicyDocument {
  try {
    if ('document' in tp) return parsePolicy(JSON.stringify(tp.document));
    const text = readFileSync(resolve(pathVars(tp.file, vars)), 'utf8');
    const fill: Record<string, string> = { ...base, ...(tp.providerName ? { ProviderName: tp.providerName } : {}) };
    const filled = text.replace(/\$\{(Partition|AccountId|ProviderName)\}/g, (m, k: string) => {
      if (fill[k] === undefined) throw new Error(`template needs ${m}; set trustPolicy.providerName`);
      return fill[k];
    });
    return parsePolicy(filled);
  } catch (e) {
    throw new Error(`IAM model ${where}: ${(e as Error).message}`);
  }
}
