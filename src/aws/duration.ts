// When AWS refuses the duration: read the limit it states (or fall back to
// one hour, the least any role allows), so the caller can retry once and tell
// the user what they got and why.
import { BridgeError } from '../errors.js';

export const SAFE_DURATION_SEC = 3600;

/** The duration to retry with after a refusal, or undefined when the refusal is not about duration. */
export function retryDurationAfter(e: unknown, requestedSec: number): number | undefined {
  if (!(e instanceof BridgeError) || e.code !== 'sts_refused' || e.extra?.aws_error !== 'ValidationError') return undefined;
  const text = `${e.detail ?? ''} ${e.message}`;
  if (!/duration/i.test(text)) return undefined;
  const stated = /less than or equal to (\d+)|maximum (?:of )?(\d+)|(\d+) seconds/i.exec(text);
  const limit = stated ? Number(stated[1] ?? stated[2] ?? stated[3]) : SAFE_DURATION_SEC;
  const next = Math.max(900, limit);
  return next < requestedSec ? next : undefined;
}

/** 900 → "15 minutes", 3600 → "1 hour", 5400 → "1 h 30 min". */
export function humanDuration(sec: number): string {
  const h = Math.floor(sec / 3600);
  const m = Math.round((sec % 3600) / 60);
  if (h === 0) return `${m} minute${m === 1 ? '' : 's'}`;
  if (m === 0) return `${h} hour${h === 1 ? '' : 's'}`;
  return `${h} h ${m} min`;
}

export function durationNote(requestedSec: number, gotSec: number, why: string): string {
  return `You asked for ${humanDuration(requestedSec)}; AWS allows less for this role (${why}), so the session lasts ${humanDuration(gotSec)}.`;
}

/** When the rules' configured maximum for a role is below what was asked. */
export function cappedNote(requestedSec: number, gotSec: number): string {
  return `You asked for ${humanDuration(requestedSec)}; this role allows at most ${humanDuration(gotSec)} here, so the session lasts ${humanDuration(gotSec)}.`;
}

/** AWS's own reason inside a refusal's message, for the note. */
function refusalReason(e: unknown): string {
  return (e as Error).message.replace(/^AWS refused[^(]*\(/, '').replace(/\)$/, '');
}

/** One STS call, retried once at the limit AWS states if it refuses the duration. */
export async function withDurationRetry<T>(call: (durationSec: number) => Promise<T>, durationSec: number): Promise<{ out: T; durationSec: number; note?: string }> {
  try {
    return { out: await call(durationSec), durationSec };
  } catch (e) {
    const retry = retryDurationAfter(e, durationSec);
    if (retry === undefined) throw e;
    return { out: await call(retry), durationSec: retry, note: durationNote(durationSec, retry, refusalReason(e)) };
  }
}
