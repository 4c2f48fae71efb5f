// Action registry: adding an STS operation means adding one entry here.
import type { ActionSpec } from '../runtime.js';
import { assumeRoleWithSaml } from './assume-role-with-saml.js';
import { getCallerIdentity } from './get-caller-identity.js';

export const ACTIONS: Record<string, ActionSpec> = {
  AssumeRoleWithSAML: assumeRoleWithSaml,
  GetCallerIdentity: getCallerIdentity,
};
