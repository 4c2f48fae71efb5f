// CloudTrail-shaped JSON lines, one per call. Secrets are removed by field
// name here, in one place, whatever an action put into the record.
import { appendFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { TrailInfo } from './runtime.js';

const SECRET_FIELD = /^(secretaccesskey|sessiontoken|samlassertion|webidentitytoken|tokencode|password|session|signintoken)$/i;

export function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !SECRET_FIELD.test(k)).map(([k, x]) => [k, redact(x)]));
}

export interface TrailEvent extends TrailInfo {
  eventName: string;
  eventTime: number;
  eventSource?: string;
  region: string;
  sourceIPAddress: string;
  userAgent: string;
  requestID: string;
  errorCode?: string | undefined;
  errorMessage?: string | undefined;
}

export class Trail {
  private chain: Promise<void> = Promise.resolve();
  constructor(private readonly file: string | undefined) {}

  record(e: TrailEvent): void {
    if (!this.file) return;
    const line = JSON.stringify(redact({
      eventVersion: '1.08',
      userIdentity: e.userIdentity ?? { type: 'Unknown' },
      eventTime: new Date(e.eventTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      eventSource: e.eventSource ?? 'sts.amazonaws.com',
      eventName: e.eventName,
      awsRegion: e.region,
      sourceIPAddress: e.sourceIPAddress,
      userAgent: e.userAgent,
      ...(e.errorCode ? { errorCode: e.errorCode, errorMessage: e.errorMessage } : {}),
      requestParameters: e.requestParameters ?? null,
      responseElements: e.errorCode ? null : (e.responseElements ?? null),
      requestID: e.requestID,
      eventID: randomUUID(),
      readOnly: e.eventName.startsWith('Get'),
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: e.recipientAccountId,
    })) + '\n';
    // Serialised so lines never interleave; a failing disk must not fail the request.
    const file = this.file;
    this.chain = this.chain.then(() => appendFile(file, line, { mode: 0o600 })).catch(() => undefined);
  }

  flush(): Promise<void> {
    return this.chain;
  }
}
