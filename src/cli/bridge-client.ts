// HTTP calls to the bridge's native API, with the bridge's error codes turned
// into the CLI's exit codes.
import { CliError, EXIT, type ExitCode } from './errors.js';

export interface AwsCredentials { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }
export interface RoleInfo { arn: string; name: string; account_id: string; account_alias: string | null; max_session_sec: number | null }
export interface RolesAnswer { user: string; idp: string; session_expires_at: string; region: string; roles: RoleInfo[] }
export interface CredentialsAnswer { role_arn: string; assumed_role_arn: string; duration_seconds: number; region: string; credentials: AwsCredentials }
export interface TokenAnswer { refresh_token: string; expires_in: number; user: string; idp: string }

/** An error answer from the bridge: `{ error, error_description }`. */
export class BridgeRefusal extends CliError {
  constructor(exitCode: ExitCode, message: string, code: string, readonly body: Record<string, unknown>) {
    super(exitCode, message, code);
  }
}

const LOGIN = new Set(['invalid_token', 'login_required']);
const REFUSED = new Set(['no_roles_mapped', 'groups_unavailable', 'role_not_granted', 'sts_refused', 'access_denied', 'csrf_failed']);

function exitFor(status: number, code: string): ExitCode {
  if (LOGIN.has(code)) return EXIT.login;
  if (REFUSED.has(code)) return EXIT.refused;
  if (code === 'expired_token') return EXIT.timeout;
  if (status >= 500 || code === 'rate_limited') return EXIT.unreachable;
  return EXIT.usage;
}

export async function callBridge<T>(bridgeUrl: string, path: string, opts: { token?: string; body?: Record<string, unknown> } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(new URL(path, `${bridgeUrl}/`), { method: opts.body ? 'POST' : 'GET', headers, ...(opts.body ? { body: JSON.stringify(opts.body) } : {}), signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    throw new CliError(EXIT.unreachable, `The bridge at ${bridgeUrl} could not be reached (${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}).`, 'unreachable');
  }
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try { body = JSON.parse(text) as Record<string, unknown>; } catch { /* not JSON: handled below */ }
  if (res.ok) return body as T;
  const code = typeof body.error === 'string' ? body.error : `http_${res.status}`;
  const description = typeof body.error_description === 'string' ? body.error_description : `The bridge answered HTTP ${res.status}.`;
  throw new BridgeRefusal(exitFor(res.status, code), description, code, body);
}
