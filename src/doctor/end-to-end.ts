// doctor's end-to-end checks: SAML IdP metadata URLs, and the local STS
// accepting a test assertion per role. With `embedded` in the configuration
// the doctor starts the same stack `npm start` would, on free loopback ports.
import type { Config } from '../config/schema.js';
import { createStsClient } from '../aws/sts.js';
import { loadSigner, readPemFiles } from '../keys/load.js';
import type { Rules } from '../roles/schema.js';
import { startStack, type Stack } from '../stack.js';
import type { Finding } from './checks.js';
import { checkSamlMetadata, type SamlMetadataTarget } from './saml-metadata.js';
import { checkRolesAssume } from './sts-roles.js';

const isLoopback = (u: string) => ['localhost', '127.0.0.1', '[::1]'].includes(new URL(u).hostname);

function metadataTargets(config: Config, stack: Stack | undefined): { targets: SamlMetadataTarget[]; skipped: Finding[] } {
  const targets: SamlMetadataTarget[] = [];
  const skipped: Finding[] = [];
  for (const idp of config.idps) {
    if (idp.type !== 'saml') continue;
    if (idp.idpIssuer === 'embedded' && stack?.devIdp) {
      targets.push({ id: idp.id, url: stack.devIdp.saml.metadataUrl, issuer: stack.devIdp.saml.entityId, certs: [stack.devIdp.saml.certPem] });
    } else if (idp.metadataUrl && idp.idpIssuer !== 'embedded') {
      targets.push({ id: idp.id, url: idp.metadataUrl, issuer: idp.idpIssuer, certs: idp.idpCertFiles === 'embedded' ? [] : readPemFiles(idp.idpCertFiles) });
    } else {
      skipped.push({ check: 'saml-metadata', ok: true, message: `${idp.id}: no metadataUrl configured, not checked` });
    }
  }
  return { targets, skipped };
}

async function stsFindings(config: Config, rules: Rules, stack: Stack | undefined): Promise<Finding[]> {
  const endpoint = config.aws.stsEndpoint;
  if (endpoint === 'embedded' && stack) {
    const c = stack.context;
    return checkRolesAssume({ rules, sts: c.issuer.sts, signer: c.signer, entityId: c.entityId });
  }
  if (!endpoint || endpoint === 'embedded' || !isLoopback(endpoint)) {
    return [{ check: 'sts-assume', ok: true, message: 'STS is AWS itself: test assertions are only sent to a local STS, not checked' }];
  }
  // A separately running local STS (`npm run sts`) that holds the bridge's published metadata.
  const sts = createStsClient({ region: config.aws.region, endpoint });
  try {
    const base = (config.publicBaseUrl ?? `http://localhost:${config.port}`).replace(/\/+$/, '');
    return await checkRolesAssume({ rules, sts, signer: await loadSigner(config), entityId: config.signing.entityId ?? `${base}/metadata/aws-idp.xml` });
  } finally {
    sts.destroy();
  }
}

export async function checkEndToEnd(config: Config, rules: Rules, fetchFn: typeof fetch = fetch): Promise<Finding[]> {
  let stack: Stack | undefined;
  if (config.embedded) {
    const { auditFile: _a, ...rest } = config;
    const { stsTrailFile: _t, ...embedded } = config.embedded;
    stack = await startStack({ ...rest, port: 0, embedded: { ...embedded, idpPort: 0, awsPort: 0 } });
  }
  try {
    const { targets, skipped } = metadataTargets(config, stack);
    return [...skipped, ...(await checkSamlMetadata(targets, fetchFn)), ...(await stsFindings(config, rules, stack))];
  } finally {
    await stack?.close();
  }
}
