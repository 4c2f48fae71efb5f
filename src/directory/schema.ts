// Group sources that ask the directory when the token carries no (or too
// many) groups: Google Admin SDK Directory API and Microsoft Graph.
import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ });
const base = {
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  /** How long one user's groups are reused before asking again. */
  cacheTtlSec: z.number().int().min(0).max(86_400).default(300),
  timeoutMs: z.number().int().min(100).max(60_000).default(5000),
};

export const googleSource = z.strictObject({
  ...base,
  type: z.literal('google-admin'),
  /** Service-account JSON key file (client_email, private_key, token_uri), with domain-wide delegation. */
  serviceAccountFile: z.string().min(1),
  /** A Workspace admin the service account acts as (the `sub` of its JWT grant). */
  adminEmail: z.email(),
  /** Which field of each group becomes the group name. */
  groupName: z.enum(['email', 'name']).default('email'),
  apiBaseUrl: url.default('https://admin.googleapis.com'),
});

export const graphSource = z.strictObject({
  ...base,
  type: z.literal('microsoft-graph'),
  tenantId: z.string().min(1),
  clientId: z.string().min(1),
  clientSecretFile: z.string().min(1),
  /** Identity claim holding the user's object id (`oid` in ID tokens; the objectidentifier claim in SAML). */
  userClaim: z.string().default('oid'),
  groupName: z.enum(['displayName', 'id']).default('displayName'),
  authorityUrl: url.default('https://login.microsoftonline.com'),
  graphBaseUrl: url.default('https://graph.microsoft.com'),
});

export const directorySource = z.discriminatedUnion('type', [googleSource, graphSource]);
export type DirectorySourceConfig = z.output<typeof directorySource>;
export type GoogleSourceConfig = z.output<typeof googleSource>;
export type GraphSourceConfig = z.output<typeof graphSource>;

export const TRANSFORMS = ['stripDomain', 'ldapCn', 'caseFold'] as const;

/** Per-IdP group handling: applied after sign-in, before the rules. */
export const idpGroups = z.strictObject({
  /** More claims to read groups from (`roles`, `realm_access.roles`, `resource_access.<client>.roles`, SAML attribute names). */
  groupClaims: z.array(z.string().min(1)).default([]),
  /** Applied in order to each group value. */
  transforms: z.array(z.enum(TRANSFORMS)).default([]),
  /** Azure AD object ids (or any opaque ids) to readable names; unknown ids stay as they are. */
  names: z.record(z.string(), z.string()).default({}),
  /** A directory source id; `ask` says when to ask it (`whenMissing`: no groups in the token, or Azure AD overage). */
  directory: z.string().optional(),
  ask: z.enum(['always', 'whenMissing']).default('whenMissing'),
});
export type IdpGroupsConfig = z.output<typeof idpGroups>;
