// Everything the web layer needs, resolved once at start-up.
import type { PassportStatic } from 'passport';
import type { Audit } from '../audit.js';
import type { Config, IdpConfig } from '../config/schema.js';
import type { IdTokenVerifier } from '../connectors/id-token.js';
import type { Signer } from '../keys/signer.js';
import type { CredentialIssuer } from '../service/issue.js';
import type { PassThroughIdp } from '../passthrough/routes.js';
import type { Keyring } from '../store/seal.js';
import type { Store } from '../store/store.js';

export interface ResolvedIdp {
  config: IdpConfig;
  /** passport strategy name: `saml:<id>` or `oidc:<id>`. */
  strategy: string;
  /** SAML only: the same IdP asked for a fresh sign-in (ForceAuthn). */
  freshStrategy?: string;
  /** OIDC only: verifies bearer ID tokens for the token-exchange API. */
  verifier?: IdTokenVerifier;
  /** SAML only: SP metadata for registering the bridge at this IdP. */
  spMetadata?: () => string;
  /** SAML only, when enabled: the pass-through endpoint and how to verify what the IdP posts there. */
  passThrough?: PassThroughIdp;
}

export interface BridgeContext {
  config: Readonly<Config>;
  publicBaseUrl: string;
  passport: PassportStatic;
  idps: ResolvedIdp[];
  issuer: CredentialIssuer;
  audit: Audit;
  store: Store;
  signer: Signer;
  /** The bridge's AWS-facing IdP entityID. */
  entityId: string;
  idpMetadataXml: string;
  federationEndpoint: string;
  consoleDestination: string;
  sessionSecret: string;
  /** Seals sessions in a shared store (Redis); absent for the in-memory store. */
  sessionKeyring?: Keyring;
  clock: () => number;
}
