// The IAM model: accounts, SAML/OIDC providers, managed policies, roles (with
// trust policies) and users, loaded from YAML (schema in model-schema.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { parsePolicy, type PolicyDocument } from './policy/document.js';
import { modelSchema, type ModelFile, type TrustPolicySpec } from './model-schema.js';

const pathVars = (s: string, vars: Record<string, string>): string =>
  s.replace(/\$\{(\w+)\}/g, (m, k: string) => {
    if (vars[k] === undefined) throw new Error(`unknown variable \${${k}} in "${s}"`);
    return vars[k];
  });

export interface OidcProvider { accountId: string; url: string; arn: string; clientIds: string[]; jwksFile?: string | undefined }
export interface SamlProvider { accountId: string; name: string; arn: string; metadataFile: string; allowInsecureSha1: boolean }
/** `policies` are the identity policies: inline ones plus the attached managed ones. */
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
  managedPolicies: Map<string, PolicyDocument>; // by ARN
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

function buildModel(m: ModelFile, vars: Record<string, string>, file: string): IamModel {
  const model: IamModel = { partition: m.partition, accounts: [], roles: new Map(), samlProviders: new Map(), oidcProviders: new Map(), users: new Map(), accessKeys: new Map(), managedPolicies: new Map() };
  const p = m.partition;
  // Managed policies first: roles and users of any account may attach them.
  for (const [ai, a] of m.accounts.entries()) {
    for (const [pi, mp] of a.managedPolicies.entries()) {
      model.managedPolicies.set(`arn:${p}:iam::${a.id}:policy${mp.path}${mp.name}`, inlinePolicy(mp.document, `${file}: accounts.${ai}.managedPolicies.${pi}`));
    }
  }
  const attached = (arns: string[], where: string): PolicyDocument[] => arns.map((arn, i) => {
    const doc = model.managedPolicies.get(arn);
    if (!doc) throw new Error(`IAM model ${file}: ${where}.${i}: no managed policy ${arn}`);
    return doc;
  });
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
      const where = `accounts.${ai}.roles.${ri}`;
      const trustPolicy = loadTrustPolicy(r.trustPolicy, { Partition: p, AccountId: a.id }, vars, `${file}: ${where}.trustPolicy`);
      const policies = [...r.policies.map((d, pi) => inlinePolicy(d, `${file}: ${where}.policies.${pi}`)), ...attached(r.managedPolicyArns, `${where}.managedPolicyArns`)];
      model.roles.set(arn, { accountId: a.id, name: r.name, arn, roleId: r.roleId ?? stableId('AROA', arn), maxSessionDuration: r.maxSessionDuration, trustPolicy, tags: r.tags, policies });
    }
    for (const [ui, u] of a.users.entries()) {
      const arn = `arn:${p}:iam::${a.id}:user/${u.name}`;
      const where = `accounts.${ai}.users.${ui}`;
      const policies = [...u.policies.map((d, pi) => inlinePolicy(d, `${file}: ${where}.policies.${pi}`)), ...attached(u.managedPolicyArns, `${where}.managedPolicyArns`)];
      const mfaDevices = new Map(u.mfaDevices.map((d) => [d.serialNumber, d.seed]));
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
function loadTrustPolicy(tp: TrustPolicySpec, base: Record<string, string>, vars: Record<string, string>, where: string): PolicyDocument {
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
