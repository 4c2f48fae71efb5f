// Typed STS errors carrying AWS's wire code and HTTP status. Messages follow
// AWS's wording where it is known (the STS API Reference and the error shapes in
// botocore's STS service model, sts/2011-06-15/service-2.json);
// clients and tests should match on `code`, never on text.

export type StsErrorCode =
  | 'AccessDenied'
  | 'ExpiredToken'
  | 'ExpiredTokenException'
  | 'IDPCommunicationError'
  | 'IDPRejectedClaim'
  | 'IncompleteSignature'
  | 'InternalFailure'
  | 'InvalidAction'
  | 'InvalidClientTokenId'
  | 'InvalidIdentityToken'
  | 'MalformedPolicyDocument'
  | 'MissingAuthenticationToken'
  | 'MissingParameter'
  | 'PackedPolicyTooLarge'
  | 'RequestExpired'
  | 'SignatureDoesNotMatch'
  | 'ValidationError';

const STATUS: Record<StsErrorCode, number> = {
  AccessDenied: 403,
  ExpiredToken: 400,
  ExpiredTokenException: 400,
  IDPCommunicationError: 400,
  IDPRejectedClaim: 403,
  IncompleteSignature: 400,
  InternalFailure: 500,
  InvalidAction: 400,
  InvalidClientTokenId: 403,
  InvalidIdentityToken: 400,
  MalformedPolicyDocument: 400,
  MissingAuthenticationToken: 403,
  MissingParameter: 400,
  PackedPolicyTooLarge: 400,
  RequestExpired: 400,
  SignatureDoesNotMatch: 403,
  ValidationError: 400,
};

export class StsError extends Error {
  override readonly name = 'StsError';
  readonly status: number;
  /** `Sender` for client faults, `Receiver` for server faults (AWS's Error/Type). */
  readonly type: 'Sender' | 'Receiver';

  constructor(
    readonly code: StsErrorCode,
    message: string,
    /** Private reason for logs and the trail; never sent to a client. */
    readonly detail?: string,
  ) {
    super(message);
    this.status = STATUS[code];
    this.type = this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

export function isStsError(e: unknown): e is StsError {
  return e instanceof StsError;
}

/** AWS's model-validation message shape, e.g. for roleSessionName. */
export function validationError(value: string | null, member: string, constraint: string): StsError {
  const shown = value === null ? 'null' : `'${value.length > 200 ? value.slice(0, 200) + '…' : value}'`;
  return new StsError('ValidationError', `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`);
}

export const samlDenied = (detail: string): StsError =>
  new StsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithSAML', detail);

export const badSaml = (message: string, detail?: string): StsError => new StsError('InvalidIdentityToken', message, detail);

export const invalidIdentityToken = badSaml;
