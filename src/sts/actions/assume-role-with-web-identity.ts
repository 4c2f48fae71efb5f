// AssumeRoleWithWebIdentity: unsigned call; the OIDC ID token is the credential.
import { StsError, invalidIdentityToken as invalid } from '../errors.js';
import { PATTERNS, required, str } from '../validate.js';
import { issuerOf, verifyWebIdentity, type WebIdentityClaims } from '../oidc/verify.js';
import { allowsAll } from '../policy/evaluate.js';
import { checkTags, tagContext, type SessionTags } from '../tags.js';
import { issueRoleSession, requestedDuration, roleSessionResult, sessionPolicy } from './role-session.js';
import type { ActionSpec } from '../runtime.js';
import type { Context } from '../policy/conditions.js';

const TAGS_CLAIM = 'https://aws.amazon.com/tags';
const SOURCE_CLAIM = 'https://aws.amazon.com/source_identity';

/** {"principal_tags": {"K": ["v"]}, "transitive_tag_keys": ["K"]}; single-valued tags only. */
function tokenTags(claims: Record<string, unknown>): SessionTags {
  const t = claims[TAGS_CLAIM] as { principal_tags?: Record<string, unknown>; transitive_tag_keys?: unknown } | undefined;
  if (t === undefined) return { tags: {}, transitiveTagKeys: [] };
  const pairs = Object.entries(t.principal_tags ?? {}).map(([k, v]): [string, string] => {
    if (!Array.isArray(v) || v.length !== 1 || typeof v[0] !== 'string') throw invalid(`Session tag ${k} must be a single-element string array`);
    return [k, v[0]];
  });
  const transitive = Array.isArray(t.transitive_tag_keys) ? t.transitive_tag_keys.map(String) : [];
  return checkTags(pairs, transitive, 'InvalidIdentityToken');
}

function webContext(c: WebIdentityClaims): Context {
  const host = c.iss.replace(/^https?:\/\//, '');
  const ctx: Context = new Map<string, string | string[]>([[`${host}:aud`, c.aud], [`${host}:sub`, c.sub]]);
  const oaud = c.claims.aud;
  ctx.set(`${host}:oaud`, Array.isArray(oaud) ? oaud.map(String) : String(oaud));
  if (c.claims.amr !== undefined) ctx.set(`${host}:amr`, Array.isArray(c.claims.amr) ? c.claims.amr.map(String) : String(c.claims.amr));
  return new Map([...ctx].map(([k, v]) => [k.toLowerCase(), v]));
}

/** The provider's aud/sub keys stay available to later requests of the session. */
function survivingKeys(c: WebIdentityClaims): Record<string, string> {
  const host = c.iss.replace(/^https?:\/\//, '').toLowerCase();
  return { [`${host}:aud`]: c.aud, [`${host}:sub`]: c.sub };
}

export const assumeRoleWithWebIdentity: ActionSpec = {
  auth: 'none',
  async run(rt, req, trail) {
    const p = req.params;
    const roleArn = required(p, 'RoleArn', { min: 20, max: 2048 });
    const sessionName = required(p, 'RoleSessionName', { min: 2, max: 64, pattern: PATTERNS.sessionName });
    const token = required(p, 'WebIdentityToken', { min: 4, max: 20000 });
    if (str(p, 'ProviderId', { min: 4, max: 2048 }) !== undefined) throw invalid('ProviderId (OAuth 2.0 access tokens) is not supported by this STS; send an OIDC ID token without ProviderId');
    trail.requestParameters = { roleArn, roleSessionName: sessionName, durationSeconds: p.get('DurationSeconds') };
    const role = rt.model.roles.get(roleArn);
    if (!role) throw new StsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity');
    const duration = requestedDuration(p, role);
    const iss = issuerOf(token);
    const provider = [...rt.model.oidcProviders.values()].find((o) => o.accountId === role.accountId && o.url === iss);
    if (!provider) throw invalid(`No OpenIDConnect provider found in your account for ${iss}`);
    if (rt.mode === 'production' && !provider.url.startsWith('https://')) throw invalid('OIDC provider URL must use https');
    const claims = await verifyWebIdentity(token, provider, rt.clock(), rt.samlSkewMs);
    trail.userIdentity = { type: 'WebIdentityUser', principalId: `${provider.url}:${claims.aud}:${claims.sub}`, userName: claims.sub, identityProvider: provider.url };
    const source = claims.claims[SOURCE_CLAIM];
    if (source !== undefined && (typeof source !== 'string' || !/^[a-zA-Z_0-9+=,.@-]{2,64}$/.test(source) || source.toLowerCase().startsWith('aws:'))) {
      throw invalid('Source Identity must match [a-zA-Z_0-9+=,.@-]{2,64} and not begin with "aws:"');
    }
    const tags = tokenTags(claims.claims);
    const ctx = webContext(claims);
    for (const [k, v] of tagContext(tags)) ctx.set(k, v);
    if (source) ctx.set('sts:sourceidentity', source);
    ctx.set('sts:rolesessionname', sessionName);
    const actions = ['sts:AssumeRoleWithWebIdentity', ...(Object.keys(tags.tags).length ? ['sts:TagSession'] : []), ...(source ? ['sts:SetSourceIdentity'] : [])];
    const denied = allowsAll(role.trustPolicy, actions, { principal: { type: 'Federated', ids: [provider.arn] }, resource: role.arn, context: ctx });
    if (denied) throw new StsError('AccessDenied', 'Not authorized to perform sts:AssumeRoleWithWebIdentity', `trust policy does not allow ${denied}`);
    const { packed, sessionPolicies } = sessionPolicy(rt, p, 2048, tags, role.accountId);
    const rec = await issueRoleSession(rt, { role, sessionName, durationSeconds: duration, issuedBy: 'AssumeRoleWithWebIdentity', chained: false, sourceIdentity: source as string | undefined, tags, sessionPolicies, principalContext: survivingKeys(claims) });
    trail.recipientAccountId = role.accountId;
    trail.responseElements = { credentials: { accessKeyId: rec.accessKeyId, expiration: new Date(rec.expiration).toISOString() }, subjectFromWebIdentityToken: claims.sub, assumedRoleUser: { assumedRoleId: rec.userId, arn: rec.arn }, provider: provider.url, audience: claims.aud };
    return { result: { ...roleSessionResult(rec, packed), SubjectFromWebIdentityToken: claims.sub, Provider: provider.url, Audience: claims.aud }, trail };
  },
};
