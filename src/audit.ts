// One JSON-lines audit event per sign-in, role decision, STS call and console
// URL. Events name who, which IdP, which role, the result and the reason;
// they never carry a secret (credentials, assertions, tokens, passwords).
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type AuditEventName =
  | 'sign_in'
  | 'role_decision'
  | 'sts_call'
  | 'console_url'
  | 'token_exchange'
  | 'logout'
  | 'request_refused'
  | 'rules_reload'
  | 'web_identity';

export interface AuditEvent {
  event: AuditEventName;
  outcome: 'success' | 'failure';
  /** Stable error code on failure. */
  reason?: string;
  /** Private detail on failure (never a secret). */
  detail?: string;
  idp?: string;
  user?: string;
  subject?: string;
  role?: string;
  roles?: string[];
  sourceIp?: string;
  correlationId?: string;
  [k: string]: unknown;
}

export interface Audit {
  emit(e: AuditEvent): void;
}

export interface AuditOptions {
  file?: string;
  /** Extra sink (tests collect events here). */
  onEvent?: (line: Record<string, unknown>) => void;
  clock?: () => number;
}

let tap: ((line: Record<string, unknown>) => void) | undefined;

/** Tests copy every event of every audit instance (the secret-leak check reads them). */
export function setAuditTap(fn: ((line: Record<string, unknown>) => void) | undefined): void {
  tap = fn;
}

export function createAudit(o: AuditOptions = {}): Audit {
  if (o.file) mkdirSync(dirname(o.file), { recursive: true });
  const now = o.clock ?? Date.now;
  return {
    emit(e) {
      const line = { time: new Date(now()).toISOString(), ...e };
      // Synchronous on purpose: an audit event must not be lost to a crash.
      if (o.file) appendFileSync(o.file, JSON.stringify(line) + '\n', { mode: 0o600 });
      o.onEvent?.(line);
      tap?.(line);
    },
  };
}
