// Shared by every AssumeRole* action: duration limits, session policies,
// packed size, and issuing + storing the role-session credentials.
import { deflateRawSync } from 'node:zlib';
import { StsError, validationError } from '../errors.js';
import { newKeys, credentialsXml, type SessionRecord } from '../credentials.js';
import { parseSessionPolicy } from '../policy/document.js';
import { PATTERNS, int, str, type Params } from '../validate.js';
import type { Role } from '../model.js';
import type { Runtime } from '../runtime.js';
import type { SessionTags } from '../tags.js';
import type { XmlValue } from '../xml.js';

/** DurationSeconds: 900–43200 by the model, then capped by the role's MaxSessionDuration. */
export function requestedDuration(p: Params, role: Role): number {
  const d = int(p, 'DurationSeconds', 900, 43200) ?? 3600;
  if (d > role.maxSessionDuration) {
    throw new StsError('ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');
  }
  return d;
}

export interface SessionPolicyResult { packed?: number; sessionPolicies?: NonNullable<SessionRecord['sessionPolicies']> }

/**
 * Inline Policy + PolicyArns: validated, then sized the way AWS reports PackedPolicySize (percent).
 * PolicyArns must name managed policies of the model in the session's account (AWS: "must exist in
 * the same account as the role"); an unknown one is refused rather than silently granting nothing.
 */
export function sessionPolicy(rt: Runtime, p: Params, maxLen: number | undefined, tags: SessionTags, accountId: string): SessionPolicyResult {
  const policy = str(p, 'Policy', { min: 1, max: maxLen ?? 1_000_000, pattern: PATTERNS.policy });
  if (policy !== undefined) parseSessionPolicy(policy);
  const policyArns = p.list('PolicyArns', '.arn');
  if (policyArns.length > 10) throw new StsError('ValidationError', 'Cannot exceed quota for PolicyArnsPerSession: 10');
  for (const a of policyArns) {
    if (a.length < 20 || a.length > 2048 || !/^arn:aws[\w-]*:iam::(\d{12}|aws):policy\//.test(a)) throw validationError(a, 'policyArns.member.arn', 'Member must have length greater than or equal to 20');
    const owner = a.split(':')[4];
    if (!rt.model.managedPolicies.has(a) || (owner !== accountId && owner !== 'aws')) throw new StsError('MalformedPolicyDocument', `Policy ${a} does not exist or is not attachable.`);
  }
  const sessionPolicies = policy !== undefined || policyArns.length ? { ...(policy !== undefined ? { inline: policy } : {}), arns: policyArns } : undefined;
  if (!sessionPolicies && Object.keys(tags.tags).length === 0) return {};
  // AWS compresses policies and tags into a binary format; deflate over a 2048-byte budget is a close stand-in.
  const packed = deflateRawSync(JSON.stringify([policy ?? '', policyArns, tags.tags])).length;
  const percent = Math.max(1, Math.ceil((packed / 2048) * 100));
  if (percent > 100) throw new StsError('PackedPolicyTooLarge', `Packed size of session policies and tags is ${percent}% of the limit.`);
  return { packed: percent, ...(sessionPolicies ? { sessionPolicies } : {}) };
}

export interface RoleSessionInput {
  role: Role;
  sessionName: string;
  durationSeconds: number;
  issuedBy: SessionRecord['issuedBy'];
  chained: boolean;
  sourceIdentity?: string | undefined;
  tags: SessionTags;
  mfa?: boolean;
  sessionPolicies?: SessionRecord['sessionPolicies'];
  /** Condition keys that later requests of this session still see (e.g. saml:sub). */
  principalContext?: Record<string, string>;
}

export async function issueRoleSession(rt: Runtime, i: RoleSessionInput): Promise<SessionRecord> {
  const now = rt.clock();
  const rec: SessionRecord = {
    ...newKeys(),
    expiration: now + i.durationSeconds * 1000,
    issuedAt: now,
    accountId: i.role.accountId,
    issuedBy: i.issuedBy,
    arn: `arn:${rt.model.partition}:sts::${i.role.accountId}:assumed-role/${i.role.name}/${i.sessionName}`,
    userId: `${i.role.roleId}:${i.sessionName}`,
    roleArn: i.role.arn,
    roleName: i.role.name,
    sessionName: i.sessionName,
    chained: i.chained,
    tags: i.tags.tags,
    transitiveTagKeys: i.tags.transitiveTagKeys,
    ...(i.sourceIdentity ? { sourceIdentity: i.sourceIdentity } : {}),
    ...(i.mfa ? { mfaAuthenticated: true } : {}),
    ...(i.sessionPolicies ? { sessionPolicies: i.sessionPolicies } : {}),
    ...(i.principalContext ? { principalContext: i.principalContext } : {}),
  };
  await rt.store.put(rec);
  return rec;
}

/** Credentials + AssumedRoleUser, the common head of every AssumeRole* result. */
export function roleSessionResult(rec: SessionRecord, packed: number | undefined): { [k: string]: XmlValue } {
  return {
    Credentials: credentialsXml(rec),
    AssumedRoleUser: { AssumedRoleId: rec.userId, Arn: rec.arn },
    PackedPolicySize: packed,
    SourceIdentity: rec.sourceIdentity,
  };
}
