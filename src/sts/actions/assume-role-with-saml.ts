// AssumeRoleWithSAML: unsigned API call; the SAML Response is the credential.
// Order of checks mirrors AWS: parameters, provider, signature, claims,
// attributes, then the role's trust policy.
import type { Element } from '@xmldom/xmldom';
import { StsError, badSaml, samlDenied } from '../errors.js';
import { required } from '../validate.js';
import { loadMetadata } from '../saml/metadata.js';
import { verifiedAssertion } from '../saml/verify.js';
import { readClaims, type SamlClaims } from '../saml/assertion.js';
import { ATTR, nameQualifier, rolePairs, roleSessionName, samlContext, sessionDuration, sessionTags, sourceIdentity, subjectType } from '../saml/attributes.js';
import { allowsAll } from '../policy/evaluate.js';
import { tagContext, type SessionTags } from '../tags.js';
import { issueRoleSession, requestedDuration, roleSessionResult, sessionPolicy } from './role-session.js';
import type { ActionSpec, Runtime } from '../runtime.js';
import type { Role, SamlProvider } from '../model.js';

/** Whitespace and line breaks are tolerated (IdPs wrap base64); anything else must be strict base64. */
function decodeAssertion(b64: string): string {
  const compact = b64.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) throw badSaml('Invalid base64 SAMLResponse');
  return Buffer.from(compact, 'base64').toString('utf8');
}

async function rememberAssertion(rt: Runtime, assertion: Element, expires: number): Promise<void> {
  if (!rt.samlOneTimeUse) return;
  const id = assertion.getAttribute('ID') ?? '';
  if (!id || !(await rt.replay.firstUse(id, expires))) throw badSaml('SAML Assertion has already been used', `assertion ${id}`);
}

/** The trust policy must allow the action itself plus TagSession / SetSourceIdentity when used. */
function checkTrust(rt: Runtime, role: Role, provider: SamlProvider, claims: SamlClaims, tags: SessionTags, source: string | undefined): void {
  const ctx = samlContext(claims, provider.accountId, provider.name);
  for (const [k, v] of tagContext(tags)) ctx.set(k, v);
  if (source) ctx.set('sts:sourceidentity', source);
  const now = rt.clock();
  ctx.set('aws:currenttime', new Date(now).toISOString());
  ctx.set('aws:epochtime', String(Math.floor(now / 1000)));
  ctx.set('aws:federatedprovider', provider.arn);
  const actions = ['sts:AssumeRoleWithSAML'];
  if (Object.keys(tags.tags).length || tags.transitiveTagKeys.length) actions.push('sts:TagSession');
  if (source) actions.push('sts:SetSourceIdentity');
  const denied = allowsAll(role.trustPolicy, actions, { principal: { type: 'Federated', ids: [provider.arn] }, resource: role.arn, context: ctx });
  if (denied) throw samlDenied(`trust policy of ${role.arn} does not allow ${denied}`);
}

/** Only saml:namequalifier, saml:sub and saml:sub_type survive into later requests (condition-keys docs). */
function survivingKeys(claims: SamlClaims, provider: SamlProvider): Record<string, string> {
  return { 'saml:sub': claims.nameId, 'saml:sub_type': subjectType(claims.nameIdFormat), 'saml:namequalifier': nameQualifier(claims.issuer, provider.accountId, provider.name) };
}

export const assumeRoleWithSaml: ActionSpec = {
  auth: 'none',
  async run(rt, req, trail) {
    const p = req.params;
    const roleArn = required(p, 'RoleArn', { min: 20, max: 2048 });
    const principalArn = required(p, 'PrincipalArn', { min: 20, max: 2048 });
    const b64 = required(p, 'SAMLAssertion', { min: 4, max: 100_000 });
    trail.requestParameters = { roleArn, principalArn, durationSeconds: p.get('DurationSeconds') };
    const role = rt.model.roles.get(roleArn);
    if (!role) throw samlDenied(`no such role ${roleArn}`); // role names are case-sensitive here
    const duration = requestedDuration(p, role);
    const provider = rt.model.samlProviders.get(principalArn);
    if (!provider) throw badSaml("Specified provider doesn't exist", principalArn);

    const md = loadMetadata(provider.metadataFile);
    const assertion = verifiedAssertion(decodeAssertion(b64), { certs: md.certs, allowInsecureSha1: provider.allowInsecureSha1 });
    const claims = readClaims(assertion, md.entityId, rt.clock(), rt.samlSkewMs);
    trail.userIdentity = { type: 'SAMLUser', principalId: `${nameQualifier(claims.issuer, provider.accountId, provider.name)}:${claims.nameId}`, userName: claims.nameId, identityProvider: provider.arn };

    if (!rolePairs(claims.attributes.get(ATTR + 'Role') ?? []).some((r) => r.role === roleArn && r.provider === principalArn)) {
      throw samlDenied('RoleArn/PrincipalArn pair is not in the Role attribute');
    }
    const sessionName = roleSessionName(claims);
    const source = sourceIdentity(claims);
    const tags = sessionTags(claims);
    checkTrust(rt, role, provider, claims, tags, source);
    const { packed, sessionPolicies } = sessionPolicy(rt, p, 2048, tags, role.accountId);

    // Effective duration: the shortest of DurationSeconds, SessionDuration and SessionNotOnOrAfter.
    const now = rt.clock();
    let seconds = Math.min(duration, sessionDuration(claims) ?? Infinity);
    if (claims.sessionNotOnOrAfter !== undefined) seconds = Math.min(seconds, Math.floor((claims.sessionNotOnOrAfter - now) / 1000));
    if (seconds <= 0) throw new StsError('ExpiredTokenException', 'Token is expired', 'SessionNotOnOrAfter has passed');
    await rememberAssertion(rt, assertion, claims.expires);

    const rec = await issueRoleSession(rt, { role, sessionName, durationSeconds: seconds, issuedBy: 'AssumeRoleWithSAML', chained: false, sourceIdentity: source, tags, sessionPolicies, principalContext: survivingKeys(claims, provider) });
    const result = {
      ...roleSessionResult(rec, packed),
      Subject: claims.nameId,
      SubjectType: subjectType(claims.nameIdFormat),
      Issuer: claims.issuer,
      Audience: claims.recipient,
      NameQualifier: nameQualifier(claims.issuer, provider.accountId, provider.name),
    };
    trail.recipientAccountId = role.accountId;
    trail.responseElements = { credentials: { accessKeyId: rec.accessKeyId, expiration: new Date(rec.expiration).toISOString() }, assumedRoleUser: { assumedRoleId: rec.userId, arn: rec.arn }, packedPolicySize: packed, subject: claims.nameId, subjectType: result.SubjectType, issuer: claims.issuer, audience: claims.recipient, nameQualifier: result.NameQualifier, sourceIdentity: source };
    return { result, trail };
  },
};
