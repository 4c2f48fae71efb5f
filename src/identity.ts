// A verified identity: what every sign-in path produces and everything after
// sign-in consumes. It carries no protocol detail (no SAML, no JWT).

export interface Identity {
  /** Configured id of the IdP that vouched for this person (e.g. `dev-saml`). */
  idp: string;
  /** The upstream issuer (SAML entityID or OIDC `iss`). */
  issuer: string;
  /** Stable upstream subject (SAML NameID or OIDC `sub`). */
  subject: string;
  username?: string;
  email?: string;
  displayName?: string;
  /** Group names exactly as the IdP sent them (NFC-normalised). */
  groups: string[];
  /** Other claims, flattened to lists of strings, for rules that match on them. */
  claims: Record<string, string[]>;
  /** When the person authenticated upstream, epoch seconds. */
  authTime: number;
}

/** A short, human label for audit events and pages. */
export function who(id: Identity): string {
  return id.username ?? id.email ?? id.subject;
}
