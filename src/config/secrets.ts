// Secrets named by the config: from a file, an environment variable, or (in
// development only) the config itself.
import { readFileSync } from 'node:fs';
import { BridgeError } from '../errors.js';
import type { OidcIdpConfig } from './schema.js';

export function oidcClientSecret(idp: OidcIdpConfig, env = process.env): string | undefined {
  if (idp.clientSecretFile) {
    try { return readFileSync(idp.clientSecretFile, 'utf8').trim(); } catch {
      throw new BridgeError('config_invalid', `idps.${idp.id}.clientSecretFile: cannot read ${idp.clientSecretFile}`);
    }
  }
  if (idp.clientSecretEnv) {
    const v = env[idp.clientSecretEnv];
    if (!v) throw new BridgeError('config_invalid', `idps.${idp.id}.clientSecretEnv: ${idp.clientSecretEnv} is not set`);
    return v;
  }
  return idp.clientSecret;
}
