// Prints the IAM roles (trust + inline policies) a sandbox account needs for the
// conformance suite, from the same specs the local target uses. No AWS calls.
import { ROLE_NAMES, roleSpecs, userPolicy } from './roles.js';
import { awsPrincipals } from './target.js';

const p = awsPrincipals(process.env);
if (!p) {
  console.error('Set STS_CONFORMANCE_AWS_ACCOUNT and STS_CONFORMANCE_AWS_USER (and the SAML/OIDC variables you use); see docs/local-sts.md.');
  process.exit(2);
}
const specs = roleSpecs(p);
console.log(JSON.stringify({
  user: { arn: p.userArn, inlinePolicy: userPolicy },
  roles: ROLE_NAMES.map((n) => ({ arn: p.roleArn(n), maxSessionDuration: specs[n].maxSessionDuration, trustPolicy: specs[n].trust, inlinePolicies: specs[n].policies })),
}, null, 2));
