// The STS call of the pass-through path: the upstream assertion unchanged, for
// one pair it offers and the rules allow, retried once at the limit AWS states
// when it refuses the duration. Every outcome leaves an audit event.
import type { STSClient } from '@aws-sdk/client-sts';
import type { Audit } from '../audit.js';
import { withDurationRetry } from '../aws/duration.js';
import { assumeRoleWithSaml, type AssumedRole } from '../aws/sts.js';
import { BridgeError } from '../errors.js';
import type { Pending, PendingPair } from './pending.js';

export interface PassThroughOutcome extends AssumedRole { durationSec: number; durationNote?: string }

export async function assumePassThrough(sts: STSClient, audit: Audit, p: Pending, pair: PendingPair, durationSec: number, ctx: Record<string, unknown>): Promise<PassThroughOutcome> {
  const base = { idp: p.idp, user: p.user, subject: p.subject, role: pair.roleArn, action: 'AssumeRoleWithSAML', passThrough: true, assertionId: p.assertionId, ...ctx };
  const call = (d: number) => assumeRoleWithSaml(sts, { roleArn: pair.roleArn, principalArn: pair.providerArn, samlAssertion: p.base64, durationSec: d });
  try {
    const { out, durationSec: got, note } = await withDurationRetry(call, durationSec);
    audit.emit({ event: 'sts_call', outcome: 'success', ...base, durationSec: got, ...(note ? { requestedDurationSec: durationSec } : {}), assumedRoleArn: out.assumedRoleArn, accessKeyId: out.credentials.accessKeyId, expiration: out.credentials.expiration, stsRequestId: out.requestId });
    return { ...out, durationSec: got, ...(note ? { durationNote: note } : {}) };
  } catch (e) {
    const err = e instanceof BridgeError ? e : new BridgeError('sts_unavailable', 'AWS STS could not be reached.', { cause: e });
    audit.emit({ event: 'sts_call', outcome: 'failure', ...base, reason: err.code, detail: err.detail, durationSec });
    throw err;
  }
}
