// The request-body cap and how a body-parser failure is reported. AWS's front
// end does not document its own limit; the largest legal parameter (a 100000-char
// SAMLAssertion, url-encoded) stays far below 512 KB, so anything over it
// necessarily breaks a parameter constraint: report it as ValidationError.
import { StsError } from './errors.js';

export const BODY_LIMIT = 512 * 1024;

export function bodyError(err: unknown): StsError {
  const type = (err as { type?: string }).type;
  if (type === 'entity.too.large') return new StsError('ValidationError', `Request body exceeds the maximum of ${BODY_LIMIT} bytes`);
  const status = (err as { status?: number }).status ?? 500;
  if (status >= 400 && status < 500) return new StsError('ValidationError', 'The request body could not be read');
  return new StsError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
}
