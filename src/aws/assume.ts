// One chosen role to credentials on the minted-SAML path: session tags and
// SourceIdentity in the assertion, one retry within the limit AWS states when
// it refuses the duration, and the chained AssumeRole for cross-account grants.
import type { STSClient } from '@aws-sdk/client-sts';
import type { Identity } from '../identity.js';
import type { Signer } from '../keys/signer.js';
import type { GrantedRole } from '../roles/map.js';
import type { SessionSettings } from '../roles/session-schema.js';
import { parseRoleArn } from './arn.js';
import { mintAssertion, roleSessionNameFor } from './assertion.js';
import { assumeChained, CHAINED_MAX_SEC } from './chain.js';
import { durationNote, withDurationRetry } from './duration.js';
import { assumeRoleWithSaml, type AssumedRole } from './sts.js';
import { sessionTagsFor, sourceIdentityFor } from './tags.js';

export interface MintedAssumeInput {
  identity: Identity;
  role: GrantedRole;
  durationSec: number;
  entityId: string;
  signer: Signer;
  sts: STSClient;
  session: SessionSettings;
  now: () => number;
}

export interface MintedAssumeOutcome extends AssumedRole {
  durationSec: number;
  /** Set when the session is shorter than asked: what the user got and why. */
  durationNote?: string;
  assertionId: string;
  action: 'AssumeRoleWithSAML' | 'AssumeRole';
}

async function samlOnce(i: MintedAssumeInput, role: GrantedRole, durationSec: number) {
  const sourceIdentity = sourceIdentityFor(i.identity, i.session);
  const minted = mintAssertion({
    identity: i.identity, role, issuer: i.entityId, durationSec, now: i.now(),
    tags: sessionTagsFor(i.identity, i.session), sourceIdentity: sourceIdentity ?? null,
  }, i.signer);
  const out = await assumeRoleWithSaml(i.sts, { roleArn: role.arn, principalArn: role.providerArn, samlAssertion: minted.base64, durationSec });
  return { out, minted };
}

/**
 * Everything about the person and the role that reaches STS (provider, chain,
 * session name, SourceIdentity, tags): a cached credential is served only when
 * all of it is unchanged.
 */
export function assumeFingerprint(identity: Identity, role: GrantedRole, session: SessionSettings): string {
  return JSON.stringify({
    provider: role.providerArn, via: role.via ?? null, name: roleSessionNameFor(identity),
    source: sourceIdentityFor(identity, session) ?? null, tags: sessionTagsFor(identity, session),
  });
}

/** AssumeRoleWithSAML, retried once at the limit AWS states if it refuses the duration. */
async function samlWithRetry(i: MintedAssumeInput, role: GrantedRole, durationSec: number): Promise<Awaited<ReturnType<typeof samlOnce>> & { durationSec: number; note?: string }> {
  const r = await withDurationRetry((d) => samlOnce(i, role, d), durationSec);
  return { ...r.out, durationSec: r.durationSec, ...(r.note ? { note: r.note } : {}) };
}

export async function assumeMinted(i: MintedAssumeInput): Promise<MintedAssumeOutcome> {
  if (!i.role.via) {
    const r = await samlWithRetry(i, i.role, i.durationSec);
    return { ...r.out, durationSec: r.durationSec, ...(r.note ? { durationNote: r.note } : {}), assertionId: r.minted.assertionId, action: 'AssumeRoleWithSAML' };
  }
  // Chained: SAML into the hop role for the chain's hour, then AssumeRole into the target.
  const hop: GrantedRole = { ...parseRoleArn(i.role.via.roleArn)!, providerArn: i.role.providerArn, ruleIds: i.role.ruleIds };
  const first = await samlWithRetry(i, hop, CHAINED_MAX_SEC);
  const durationSec = Math.min(i.durationSec, CHAINED_MAX_SEC);
  const out = await assumeChained(i.sts, first.out.credentials, {
    roleArn: i.role.arn, sessionName: first.minted.roleSessionName, durationSec,
    ...(i.role.via.externalId ? { externalId: i.role.via.externalId } : {}),
  });
  const note = durationSec < i.durationSec ? durationNote(i.durationSec, durationSec, 'a session reached by role chaining lasts at most one hour') : undefined;
  return { ...out, durationSec, ...(note ? { durationNote: note } : {}), assertionId: first.minted.assertionId, action: 'AssumeRole' };
}
