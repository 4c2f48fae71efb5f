// From the groups an IdP sent to the groups the rules see: extra group
// claims, the id-to-name table, transforms, and, when the token carries no
// groups or Azure AD's overage marker, the configured directory source.
import { BridgeError } from '../errors.js';
import type { Identity } from '../identity.js';
import type { Rules } from '../roles/schema.js';
import type { DirectoryRegistry } from './source.js';
import { transformGroups } from './transforms.js';

/** Azure AD sends these instead of groups above its limit (150 SAML / 200 JWT). */
const OVERAGE_MARKERS = ['_claim_names.groups', 'hasgroups', 'http://schemas.microsoft.com/claims/groups.link'];

export type GroupsState = 'present' | 'overage' | 'none';

export function groupsState(id: Identity, tokenGroups: string[]): GroupsState {
  if (OVERAGE_MARKERS.some((k) => (id.claims[k] ?? []).length > 0 && id.claims[k]![0] !== 'false')) return 'overage';
  return tokenGroups.length > 0 ? 'present' : 'none';
}

function overageError(id: Identity): BridgeError {
  return new BridgeError('groups_unavailable',
    `Your identity provider has too many groups for you to put them in the sign-in token (Azure AD group overage), and no group directory is configured for "${id.idp}". ` +
    'An administrator can fix this by adding a microsoft-graph directory for this IdP in the rules file (see docs/rules.md, "Groups that are not in the token"), or by limiting the groups the IdP emits to those assigned to the application.',
    { extra: { reason: 'groups_overage' }, detail: `overage marker from ${id.idp}` });
}

/** A clear message when the IdP never sends groups (Google) and no directory is configured. */
export function missingGroupsHint(id: Identity, rules: Rules): BridgeError | undefined {
  if (id.groups.length > 0 || rules.idps[id.idp]?.directory) return undefined;
  if (!id.claims.hd && !/accounts\.google\.com/.test(id.issuer)) return undefined;
  return new BridgeError('groups_unavailable',
    `Google sign-in tokens carry no groups, and no group directory is configured for "${id.idp}", so no group rule can match. ` +
    'An administrator can fix this by adding a google-admin directory for this IdP in the rules file (see docs/rules.md), or by writing rules on hd or emailDomain.',
    { extra: { reason: 'groups_not_in_token' } });
}

export async function resolveGroups(id: Identity, rules: Rules, directories: DirectoryRegistry): Promise<Identity> {
  const cfg = rules.idps[id.idp];
  if (!cfg) {
    if (groupsState(id, id.groups) === 'overage') throw overageError(id);
    return id;
  }
  const fromClaims = cfg.groupClaims.flatMap((c) => id.claims[c] ?? []);
  const tokenGroups = [...id.groups, ...fromClaims];
  const state = groupsState(id, tokenGroups);
  let groups = tokenGroups;
  if (cfg.directory && (cfg.ask === 'always' || state !== 'present')) {
    const src = directories.get(rules.directories, cfg.directory)!;
    const key = src.userKey(id);
    if (!key) throw new BridgeError('groups_unavailable', 'Your sign-in token lacks the claim the group directory needs to find you.', { detail: `directory ${src.id}: no user key`, extra: { reason: 'directory_user_unknown' } });
    groups = [...tokenGroups, ...(await src.groups(key))];
  } else if (state === 'overage') {
    throw overageError(id);
  }
  return { ...id, groups: transformGroups(groups, cfg) };
}
