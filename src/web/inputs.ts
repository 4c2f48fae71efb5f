// Role and duration inputs, read the same way on every route (form or JSON):
// a duration is absent (the default) or a whole number of seconds ≥ 900.
import { BridgeError } from '../errors.js';

/** The shortest session STS issues. */
export const MIN_DURATION_SEC = 900;

/** `undefined` (or an empty form field) means the default; anything else must be an integer ≥ 900. */
export function durationInput(raw: unknown): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = typeof raw === 'number' || typeof raw === 'string' ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < MIN_DURATION_SEC) {
    throw new BridgeError('invalid_request', `The session duration must be a whole number of seconds, at least ${MIN_DURATION_SEC}.`);
  }
  return n;
}

/** A role ARN when given; `required` refuses an absent or empty one. */
export function roleInput(raw: unknown, required: boolean): string | undefined {
  if (raw === undefined && !required) return undefined;
  if (typeof raw !== 'string' || (required && raw.length === 0)) throw new BridgeError('invalid_request', required ? 'Choose a role first (role_arn).' : 'role_arn must be a string.');
  return raw;
}

/** The usual pair: `role_arn` / `duration_seconds` in JSON, `role` / `duration` in forms. */
export function roleAndDuration(role: unknown, duration: unknown, roleRequired: boolean): { roleArn: string | undefined; durationSec?: number } {
  const roleArn = roleInput(role, roleRequired);
  const durationSec = durationInput(duration);
  return durationSec === undefined ? { roleArn } : { roleArn, durationSec };
}
