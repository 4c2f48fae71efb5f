// Action registry: adding an STS operation means adding one entry here.
import type { ActionSpec } from '../runtime.js';
import { assumeRole } from './assume-role.js';
import { assumeRoleWithSaml } from './assume-role-with-saml.js';
import { assumeRoleWithWebIdentity } from './assume-role-with-web-identity.js';
import { getCallerIdentity } from './get-caller-identity.js';
import { getAccessKeyInfo, getFederationToken, getSessionToken } from './user-tokens.js';

export const ACTIONS: Record<string, ActionSpec> = {
  AssumeRole: assumeRole,
  AssumeRoleWithSAML: assumeRoleWithSaml,
  AssumeRoleWithWebIdentity: assumeRoleWithWebIdentity,
  GetAccessKeyInfo: getAccessKeyInfo,
  GetCallerIdentity: getCallerIdentity,
  GetFederationToken: getFederationToken,
  GetSessionToken: getSessionToken,
};
