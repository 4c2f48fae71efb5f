// The one path to AWS for every way in: a verified identity and a chosen role
// become a minted assertion and an AssumeRoleWithSAML call. Every decision and
// STS call leaves an audit event.
import type { STSClient } from '@aws-sdk/client-sts';
import type { Audit } from '../audit.js';
import { BridgeError } from '../errors.js';
import { who, type Identity } from '../identity.js';
import type { Partition } from '../aws/arn.js';
import type { Signer } from '../keys/signer.js';
import { mapRoles, type GrantedRole, type RoleDecision } from '../roles/map.js';
import type { Rules } from '../roles/schema.js';
import { assumeFingerprint, assumeMinted } from '../aws/assume.js';
import { cappedNote } from '../aws/duration.js';
import type { AssumedRole } from '../aws/sts.js';
import { missingGroupsHint, resolveGroups } from '../directory/resolve.js';
import { DirectoryRegistry } from '../directory/source.js';
import type { CredentialCache } from './credential-cache.js';

export interface RequestContext {
  sourceIp?: string;
  correlationId?: string;
}

export interface IssueDeps {
  rules: () => Rules;
  signer: Signer;
  /** The bridge's AWS-facing entityID (Issuer of minted assertions). */
  entityId: string;
  sts: STSClient;
  audit: Audit;
  defaultSessionSec: number;
  /** Optional shared cache: consulted only after the role decision is made again. */
  cache?: CredentialCache;
  /** The partition the STS client and console endpoint serve; roles elsewhere are dropped. */
  partition?: Partition;
  /** Directory group sources named in the rules (built on first use). */
  directories?: DirectoryRegistry;
  clock?: () => number;
}

export interface Issued extends AssumedRole {
  role: GrantedRole;
  durationSec: number;
  /** Set when AWS allowed less than asked: what the user got and why. */
  durationNote?: string;
}

export interface AuthorizeOptions {
  durationSec?: number;
  ctx?: RequestContext;
  /** Fields of the refusal's audit event, for paths with their own event (web identity). */
  auditAs?: Record<string, unknown>;
}

/** What the rules allow for one request: the resolved identity, the chosen role, the clamped duration. */
export interface Authorized {
  identity: Identity;
  role: GrantedRole;
  durationSec: number;
  /** Set when the rules capped the duration asked for. */
  durationNote?: string;
}

export class CredentialIssuer {
  private readonly directories: DirectoryRegistry;
  constructor(private readonly d: IssueDeps) {
    this.directories = d.directories ?? new DirectoryRegistry(fetch, d.clock);
  }

  /** For the other paths to STS (web identity): the same client and rules. */
  get sts(): STSClient { return this.d.sts; }
  currentRules(): Rules { return this.d.rules(); }

  /** Groups as the rules see them: extra claims, transforms, and the directory when the token has none. */
  resolveIdentity(id: Identity): Promise<Identity> {
    return resolveGroups(id, this.d.rules(), this.directories);
  }

  /** decide() after group resolution; with no roles, a message naming the fix when groups could not be in the token. */
  async decideResolved(id: Identity, ctx: RequestContext = {}): Promise<{ identity: Identity; decision: RoleDecision }> {
    const identity = await this.resolveIdentity(id);
    const decision = this.decide(identity, ctx);
    const hint = decision.roles.length === 0 ? missingGroupsHint(identity, this.d.rules()) : undefined;
    if (hint) throw hint;
    return { identity, decision };
  }

  private base(id: Identity, ctx: RequestContext) {
    return { idp: id.idp, user: who(id), subject: id.subject, ...ctx };
  }

  /** The roles this identity may take under the current rules. */
  decide(id: Identity, ctx: RequestContext = {}): RoleDecision {
    const decision = this.inPartition(mapRoles(id, this.d.rules()));
    this.d.audit.emit({
      event: 'role_decision', outcome: decision.roles.length > 0 ? 'success' : 'failure',
      ...(decision.roles.length === 0 ? { reason: 'no_roles_mapped' } : {}),
      roles: decision.roles.map((r) => r.arn), groups: id.groups, dropped: decision.dropped, ...this.base(id, ctx),
    });
    return decision;
  }

  /** One STS client serves one partition: a role in another could only fail there. */
  private inPartition(d: RoleDecision): RoleDecision {
    const p = this.d.partition;
    if (!p || d.roles.every((r) => r.partition === p)) return d;
    return {
      roles: d.roles.filter((r) => r.partition === p),
      dropped: [...d.dropped, ...d.roles.filter((r) => r.partition !== p).map((r) => ({ ruleId: r.ruleIds.join(','), role: r.arn, reason: `partition ${r.partition} is not the bridge's (${p})` }))],
    };
  }

  /** Picks the granted role, or explains why none can be picked. */
  choose(decision: RoleDecision, roleArn: string | undefined): GrantedRole {
    if (decision.roles.length === 0) throw new BridgeError('no_roles_mapped', 'No AWS roles are mapped to your account.');
    if (roleArn === undefined) {
      if (decision.roles.length === 1) return decision.roles[0]!;
      throw new BridgeError('role_choice_required', 'Several roles are available: choose one.', { extra: { roles: decision.roles.map((r) => r.arn) } });
    }
    const role = decision.roles.find((r) => r.arn === roleArn);
    if (!role) throw new BridgeError('role_not_granted', 'That role is not granted to your account.', { detail: `requested ${roleArn}` });
    return role;
  }

  /**
   * A rule may demand a recent sign-in for its roles (maxAuthAgeSec). Checked
   * here, after groups are resolved and the role chosen, so no path skips it.
   */
  checkAuthAge(id: Identity, role: GrantedRole): void {
    if (role.maxAuthAgeSec === undefined) return;
    const ageSec = Math.floor((this.d.clock ?? Date.now)() / 1000) - id.authTime;
    if (ageSec > role.maxAuthAgeSec) {
      throw new BridgeError('login_required', 'This role needs a recent sign-in. Please sign in again.', {
        detail: `reauthentication: signed in ${ageSec}s ago, ${role.arn} allows ${role.maxAuthAgeSec}s`, extra: { reauthenticate: true },
      });
    }
  }

  /** Clamps the requested duration to what the rules allow for the role. */
  duration(role: GrantedRole, requestedSec?: number): number {
    const max = role.maxSessionSec ?? 43_200;
    const want = requestedSec ?? Math.min(this.d.defaultSessionSec, max);
    if (!Number.isInteger(want) || want < 900) throw new BridgeError('invalid_request', 'The session duration must be a whole number of seconds, at least 900.');
    return Math.min(want, max);
  }

  /**
   * The rule checks every path to STS passes, in one place: groups resolved,
   * role chosen, a recent enough sign-in, the duration. Refusals are audited
   * (as an `sts_call` failure unless `auditAs` names the path's own event).
   */
  async authorize(id: Identity, roleArn: string | undefined, opts: AuthorizeOptions = {}): Promise<Authorized> {
    const ctx = opts.ctx ?? {};
    const { identity, decision } = await this.decideResolved(id, ctx);
    try {
      const role = this.choose(decision, roleArn);
      this.checkAuthAge(identity, role);
      const durationSec = this.duration(role, opts.durationSec);
      const capped = opts.durationSec !== undefined && opts.durationSec > durationSec;
      return { identity, role, durationSec, ...(capped ? { durationNote: cappedNote(opts.durationSec!, durationSec) } : {}) };
    } catch (e) {
      if (e instanceof BridgeError && e.code !== 'role_choice_required') {
        this.d.audit.emit({ event: 'sts_call', ...opts.auditAs, outcome: 'failure', reason: e.code, detail: e.detail, role: roleArn, ...this.base(identity, ctx) });
      }
      throw e;
    }
  }

  async assume(id: Identity, roleArn: string | undefined, opts: { durationSec?: number; ctx?: RequestContext } = {}): Promise<Issued> {
    const ctx = opts.ctx ?? {};
    const authorized = await this.authorize(id, roleArn, opts);
    id = authorized.identity;
    const { role, durationSec } = authorized;
    const cacheKey = { idp: id.idp, subject: id.subject, roleArn: role.arn, durationSec, fingerprint: assumeFingerprint(id, role, this.d.rules().session) };
    const hit = await this.d.cache?.get(cacheKey);
    if (hit) {
      this.d.audit.emit({
        event: 'sts_call', outcome: 'success', action: role.via ? 'AssumeRole' : 'AssumeRoleWithSAML', cached: true, role: role.arn, durationSec,
        assumedRoleArn: hit.assumedRoleArn, accessKeyId: hit.credentials.accessKeyId, expiration: hit.credentials.expiration, ...this.base(id, ctx),
      });
      const { grantedSec, durationNote: note, ...cached } = hit;
      const shown = note ?? authorized.durationNote;
      return { ...cached, role, durationSec: grantedSec ?? durationSec, ...(shown ? { durationNote: shown } : {}) };
    }
    try {
      const { action, assertionId, durationSec: got, durationNote, ...out } = await assumeMinted({
        identity: id, role, durationSec, entityId: this.d.entityId, signer: this.d.signer, sts: this.d.sts,
        session: this.d.rules().session, now: this.d.clock ?? Date.now,
      });
      this.d.audit.emit({
        event: 'sts_call', outcome: 'success', action, role: role.arn, durationSec: got, ...(durationNote ? { requestedDurationSec: durationSec } : {}),
        assumedRoleArn: out.assumedRoleArn, accessKeyId: out.credentials.accessKeyId, expiration: out.credentials.expiration,
        assertionId, stsRequestId: out.requestId, ...this.base(id, ctx),
      });
      await this.d.cache?.put(cacheKey, { ...out, grantedSec: got, ...(durationNote ? { durationNote } : {}) });
      const shown = durationNote ?? authorized.durationNote;
      return { ...out, role, durationSec: got, ...(shown ? { durationNote: shown } : {}) };
    } catch (e) {
      const err = e instanceof BridgeError ? e : new BridgeError('sts_unavailable', 'AWS STS could not be reached.', { cause: e });
      this.d.audit.emit({ event: 'sts_call', outcome: 'failure', action: role.via ? 'AssumeRole' : 'AssumeRoleWithSAML', reason: err.code, detail: err.detail, role: role.arn, durationSec, ...this.base(id, ctx) });
      throw err;
    }
  }
}
