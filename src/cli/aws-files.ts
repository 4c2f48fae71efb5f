// Reads and writes profiles in the AWS shared files, atomically, through the
// line-preserving INI editor.
import { writeFileAtomic, readTextIfExists } from './files.js';
import { configSection, IniFile } from './ini.js';
import { awsConfigFile, awsCredentialsFile } from './paths.js';
import type { AwsCredentials } from './bridge-client.js';

export function readIni(path: string): IniFile {
  return new IniFile(readTextIfExists(path) ?? '');
}

export function editIni(path: string, edit: (ini: IniFile) => void, mode?: number): void {
  const ini = readIni(path);
  edit(ini);
  writeFileAtomic(path, ini.toString(), mode);
}

export function writeCredentialsProfile(profile: string, c: AwsCredentials, env: NodeJS.ProcessEnv = process.env): string {
  const path = awsCredentialsFile(env);
  editIni(path, (ini) => ini.set(profile, {
    aws_access_key_id: c.AccessKeyId, aws_secret_access_key: c.SecretAccessKey, aws_session_token: c.SessionToken,
    // Read by people and by saml2aws-style tools; the SDKs ignore it.
    x_security_token_expires: c.Expiration,
  }), 0o600); // it holds secrets: private even if it was not before
  return path;
}

/**
 * Gives a profile a region in the AWS config file unless it has one: the SDKs
 * and awscli read the region only from there (or the environment), never from
 * the credentials file, so a fresh machine would otherwise say "You must
 * specify a region". Returns the file's path when it wrote, else undefined.
 */
export function ensureConfigRegion(profile: string, region: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const path = awsConfigFile(env);
  const section = configSection(profile);
  if (readIni(path).get(section)?.region) return undefined;
  editIni(path, (ini) => ini.set(section, { region }));
  return path;
}

/** The sts-bridge settings of a `[profile x]` section in ~/.aws/config, if any. */
export function configProfile(profile: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> | undefined {
  return readIni(awsConfigFile(env)).get(configSection(profile));
}
