// The bridge's configuration file, as written by an operator. Units are in
// the names (…Sec). `embedded` means "use the development server started in
// this process" and is refused in production mode (see validate.ts).
import { z } from 'zod';
import { storeSchema } from './store-schema.js';

const url = z.url({ protocol: /^https?$/ });
const embeddedOr = <T extends z.ZodType>(t: T) => z.union([z.literal('embedded'), t]);

const claimNames = z.strictObject({
  subject: z.string().optional(),
  groups: z.string().default('groups'),
  email: z.string().default('email'),
  username: z.string().optional(),
  name: z.string().default('name'),
});

const samlIdp = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes'),
  type: z.literal('saml'),
  displayName: z.string().min(1),
  /** SSO URL of the upstream IdP (HTTP-Redirect binding). */
  entryPoint: embeddedOr(url),
  /** Expected Issuer of responses (the IdP's entityID). */
  idpIssuer: embeddedOr(z.string().min(1)),
  /** PEM files of the IdP's signing certificates (several during a rollover). */
  idpCertFiles: embeddedOr(z.array(z.string()).min(1)),
  /** The IdP's published metadata; only `npm run doctor` reads it (issuer and certificates still match?). */
  metadataUrl: url.optional(),
  claims: claimNames.default({ groups: 'groups', email: 'email', name: 'name' }),
  /** Require a signed Response envelope (assertion signature is always required). */
  wantResponseSigned: z.boolean().default(true),
  insecureAllowSha1: z.boolean().default(false),
  /** The SP's private key (PEM) for encrypted assertions; without it an EncryptedAssertion is refused. */
  decryptionKeyFile: z.string().optional(),
  /** Accept assertions this IdP addressed to AWS and forward them unchanged (docs/web-identity.md). */
  passThrough: z.strictObject({
    enabled: z.boolean().default(false),
    /** Where the IdP posts them; defaults to /saml/aws-passthrough/<id>. */
    acsPath: z.string().regex(/^\/[A-Za-z0-9/_.-]{1,200}$/).optional(),
  }).optional(),
});

const oidcIdp = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes'),
  type: z.literal('oidc'),
  displayName: z.string().min(1),
  issuer: embeddedOr(url),
  clientId: z.string().min(1),
  /** Read from this file, or from the env var named in clientSecretEnv. */
  clientSecretFile: z.string().optional(),
  clientSecretEnv: z.string().optional(),
  /** Development only: a literal secret (refused in production). */
  clientSecret: z.string().optional(),
  scopes: z.array(z.string()).default(['openid', 'email', 'profile']),
  /** Audiences accepted by the token-exchange API (defaults to clientId). */
  tokenExchangeAudiences: z.array(z.string()).optional(),
  allowedAlgorithms: z.array(z.string()).default(['RS256']),
  claims: claimNames.default({ groups: 'groups', email: 'email', name: 'name' }),
  /** Discovery runs lazily; after a failure it is tried again at most this often (idp_unavailable meanwhile). */
  discoveryRetrySec: z.number().int().min(1).max(3600).default(30),
  /**
   * Use the email claim even without `email_verified: true`. Only for an IdP
   * whose users cannot set their own address; otherwise anyone could claim
   * an address in a domain a rule grants (the "nOAuth" problem).
   */
  insecureTrustUnverifiedEmail: z.boolean().default(false),
});

export const configSchema = z.strictObject({
  mode: z.enum(['development', 'production']).default('development'),
  port: z.number().int().min(0).max(65535).default(3000),
  listenHost: z.string().default('127.0.0.1'),
  /** Every absolute URL the bridge hands out derives from this, never from a Host header. */
  publicBaseUrl: url.optional(),
  trustProxy: z.union([z.boolean(), z.number(), z.string()]).default(false),
  certsDir: z.string().default('certs'),
  rulesFile: z.string().default('config/rules.yaml'),
  auditFile: z.string().optional(),
  clockSkewSec: z.number().int().min(0).max(600).default(180),
  /** Per client IP (sign-in endpoints, token exchange) and per user, in fixed windows. */
  rateLimit: z.strictObject({
    windowSec: z.number().int().min(1).max(3600).default(60),
    perIp: z.number().int().min(1).default(120),
    perUser: z.number().int().min(1).default(60),
  }).prefault({}),
  session: z.strictObject({
    secretFile: z.string().optional(),
    maxAgeSec: z.number().int().min(60).max(86_400).default(28_800),
  }).default({ maxAgeSec: 28_800 }),
  signing: z.strictObject({
    /** Defaults to `${publicBaseUrl}/metadata/aws-idp.xml`. */
    entityId: z.string().optional(),
    keyFile: z.string().optional(),
    certFile: z.string().optional(),
    /** Certificates published beside certFile during a rollover (AWS accepts any listed one). */
    additionalCertFiles: z.array(z.string()).max(9).default([]),
  }).default({ additionalCertFiles: [] }),
  aws: z.strictObject({
    region: z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/).default('us-east-1'),
    /** STS endpoint; omitted means the SDK's regional endpoint. */
    stsEndpoint: embeddedOr(url).optional(),
    /** Console federation endpoint; omitted means the partition's sign-in host. */
    federationEndpoint: embeddedOr(url).optional(),
    consoleDestination: url.optional(),
    defaultSessionSec: z.number().int().min(900).max(43_200).default(3600),
  }).default({ region: 'us-east-1', defaultSessionSec: 3600 }),
  idps: z.array(z.discriminatedUnion('type', [samlIdp, oidcIdp])).min(1),
  embedded: z.strictObject({
    idpPort: z.number().int().min(0).max(65535).default(3001),
    awsPort: z.number().int().min(0).max(65535).default(3002),
    usersFile: z.string().default('config/demo-users.yaml'),
    stsModelFile: z.string().default('config/local-aws.yaml'),
    stsTrailFile: z.string().optional(),
  }).optional(),
  /** Outbound HTTP (STS, IdP discovery and JWKS, directories, console federation); see docs/aws-setup.md. */
  network: z.strictObject({
    /** Corporate proxy URL (CONNECT for https); defaults to HTTPS_PROXY. */
    httpsProxy: url.optional(),
    /** Hosts that go direct; defaults to NO_PROXY, else loopback only. */
    noProxy: z.array(z.string()).optional(),
  }).default({}),
  /** The web identity API and the bridge's own OIDC issuer (docs/web-identity.md); off unless asked for. */
  webIdentity: z.strictObject({
    enabled: z.boolean().default(false),
    /** The issuer's signing keys (JSON); generated under certsDir when unset, which production refuses. */
    keyFile: z.string().optional(),
  }).prefault({}),
  /** Shared state: memory (one instance) or Redis (several); see docs/redis.md. */
  store: storeSchema.prefault({}),
});

export type ConfigInput = z.input<typeof configSchema>;
export type Config = z.output<typeof configSchema>;
export type IdpConfig = Config['idps'][number];
export type SamlIdpConfig = Extract<IdpConfig, { type: 'saml' }>;
export type OidcIdpConfig = Extract<IdpConfig, { type: 'oidc' }>;
