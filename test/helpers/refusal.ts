// One assertion for every hostile-input test: the right status, the stable
// code (from the JSON body, or from the audit event for browser pages), no
// stack trace or internals in the body, and an audit event naming the reason.
import { expect } from 'vitest';

export interface Answer { status: number; headers: Headers; body: string }

export interface Expected {
  status: number;
  code: string;
  /** Stable reason token the audit detail starts with (`xsw`, `doctype`…). */
  reason?: string;
}

const STACK_TRACE = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|Error: /;

export function auditFor(audit: Array<Record<string, unknown>>, r: Answer): Record<string, unknown> | undefined {
  const id = r.headers.get('x-request-id');
  return audit.find((e) => e.correlationId === id && e.outcome === 'failure');
}

export function expectRefused(audit: Array<Record<string, unknown>>, r: Answer, want: Expected): Record<string, unknown> {
  expect(r.status, r.body.slice(0, 300)).toBe(want.status);
  expect(r.body).not.toMatch(STACK_TRACE);
  if ((r.headers.get('content-type') ?? '').includes('json')) expect((JSON.parse(r.body) as { error: string }).error).toBe(want.code);
  const e = auditFor(audit, r);
  expect(e, 'an audit event for this request').toBeDefined();
  expect(e!.reason).toBe(want.code);
  if (want.reason) expect(String(e!.detail)).toMatch(new RegExp(`^${want.reason}:`));
  return e!;
}
