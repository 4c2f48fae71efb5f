// The roles every conformance target must have: the local target builds its IAM
// model from these specs, and `npx tsx test/sts/conformance/print-aws-setup.ts`
// prints the same trust and permission policies for a sandbox AWS account.

export interface Principals { account: string; userArn: string; roleArn: (name: string) => string; samlProvider: string; oidcProvider: string; oidcHost: string; clientId: string }
export interface RoleSpec { maxSessionDuration: number; trust: object; policies: object[] }

export const ROLE_NAMES = ['Basic', 'Short', 'Partner', 'Chained', 'TagGate', 'MfaOnly', 'NoTags', 'Saml', 'Web'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];
export const EXTERNAL_ID = 'conformance-ext-id';

const doc = (...Statement: object[]) => ({ Version: '2012-10-17', Statement });
const trustAws = (AWS: string, Action: string[], Condition?: object) => doc({ Effect: 'Allow', Principal: { AWS }, Action, ...(Condition ? { Condition } : {}) });
const ASSUME = ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'];
const mayAssumeAnything = doc({ Effect: 'Allow', Action: ASSUME, Resource: '*' });

/** The IAM user's own identity policy. */
export const userPolicy = doc({ Effect: 'Allow', Action: [...ASSUME, 'sts:GetFederationToken'], Resource: '*' });

export function roleSpecs(p: Principals): Record<RoleName, RoleSpec> {
  return {
    Basic: { maxSessionDuration: 43200, trust: trustAws(p.userArn, ASSUME), policies: [mayAssumeAnything] },
    Short: { maxSessionDuration: 3600, trust: trustAws(p.userArn, ['sts:AssumeRole']), policies: [] },
    Partner: { maxSessionDuration: 3600, trust: trustAws(`arn:aws:iam::${p.account}:root`, ['sts:AssumeRole'], { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } }), policies: [] },
    Chained: { maxSessionDuration: 43200, trust: trustAws(p.roleArn('Basic'), ASSUME), policies: [mayAssumeAnything] },
    // TagSession too: whether inherited transitive tags need it is not documented, so the gate does not depend on it.
    TagGate: { maxSessionDuration: 3600, trust: trustAws(p.roleArn('Chained'), ['sts:AssumeRole', 'sts:TagSession'], { StringEquals: { 'aws:PrincipalTag/Project': 'x' } }), policies: [] },
    MfaOnly: { maxSessionDuration: 3600, trust: trustAws(p.userArn, ['sts:AssumeRole'], { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }), policies: [] },
    NoTags: { maxSessionDuration: 3600, trust: trustAws(p.userArn, ['sts:AssumeRole']), policies: [] },
    Saml: { maxSessionDuration: 7200, policies: [], trust: doc({ Effect: 'Allow', Principal: { Federated: p.samlProvider }, Action: ['sts:AssumeRoleWithSAML', 'sts:TagSession', 'sts:SetSourceIdentity'],
      Condition: { StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } } }) },
    Web: { maxSessionDuration: 7200, policies: [], trust: doc({ Effect: 'Allow', Principal: { Federated: p.oidcProvider }, Action: ['sts:AssumeRoleWithWebIdentity', 'sts:TagSession', 'sts:SetSourceIdentity'],
      Condition: { StringEquals: { [`${p.oidcHost}:aud`]: p.clientId } } }) },
  };
}
