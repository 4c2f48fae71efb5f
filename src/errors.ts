// Typed errors with stable codes. `message` is public (safe to show a user);
// `detail` is private (goes to the log and audit trail, never to a client).
// Tests assert `code`, never message text.

export type ErrorCode =
  | 'config_invalid'
  | 'invalid_request'
  | 'invalid_token'
  | 'invalid_saml_response'
  | 'replay_detected'
  | 'unknown_idp'
  | 'idp_unavailable'
  | 'login_required'
  | 'csrf_failed'
  | 'no_roles_mapped'
  | 'groups_unavailable'
  | 'directory_unavailable'
  | 'role_not_granted'
  | 'role_choice_required'
  | 'sts_refused'
  | 'sts_unavailable'
  | 'store_unavailable'
  | 'rate_limited'
  | 'invalid_grant'
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token'
  | 'access_denied'
  | 'not_found'
  | 'server_error';

/** Every code with its HTTP status; docs/errors.md lists them all (a test checks). */
export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  config_invalid: 500,
  invalid_request: 400,
  invalid_token: 401,
  invalid_saml_response: 401,
  replay_detected: 401,
  unknown_idp: 404,
  idp_unavailable: 502,
  login_required: 401,
  csrf_failed: 403,
  no_roles_mapped: 403,
  groups_unavailable: 403,
  directory_unavailable: 502,
  role_not_granted: 403,
  role_choice_required: 400,
  sts_refused: 403,
  sts_unavailable: 502,
  store_unavailable: 503,
  rate_limited: 429,
  // OAuth token-endpoint errors (RFC 6749 §5.2, RFC 8628 §3.5) are all 400.
  invalid_grant: 400,
  authorization_pending: 400,
  slow_down: 400,
  expired_token: 400,
  access_denied: 400,
  not_found: 404,
  server_error: 500,
};

export class BridgeError extends Error {
  override readonly name = 'BridgeError';
  readonly code: ErrorCode;
  readonly status: number;
  /** Private detail for logs and audit; never sent to a client. */
  readonly detail: string | undefined;
  /** Extra public fields for API responses (for example a list of roles). */
  readonly extra: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, opts: { detail?: string; cause?: unknown; status?: number; extra?: Record<string, unknown> } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.status = opts.status ?? ERROR_STATUS[code];
    this.detail = opts.detail;
    this.extra = opts.extra;
  }
}

export function isBridgeError(e: unknown): e is BridgeError {
  return e instanceof BridgeError;
}

/** Any thrown value as a BridgeError; unknown errors become a generic server_error. */
export function toBridgeError(e: unknown): BridgeError {
  if (isBridgeError(e)) return e;
  const detail = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return new BridgeError('server_error', 'Something went wrong on our side.', { detail, cause: e });
}
