// Where the CLI keeps things, following XDG and the AWS CLI's own variables.
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

type Env = NodeJS.ProcessEnv;
const home = (env: Env) => env.HOME || homedir();

export const configDir = (env: Env = process.env) => join(env.XDG_CONFIG_HOME || join(home(env), '.config'), 'sts-bridge');
export const cacheDir = (env: Env = process.env) => join(env.XDG_CACHE_HOME || join(home(env), '.cache'), 'sts-bridge');
export const configFile = (env: Env = process.env) => join(configDir(env), 'config.json');
export const awsCredentialsFile = (env: Env = process.env) => env.AWS_SHARED_CREDENTIALS_FILE || join(home(env), '.aws', 'credentials');
export const awsConfigFile = (env: Env = process.env) => env.AWS_CONFIG_FILE || join(home(env), '.aws', 'config');

/** File names from a digest, so URLs and ARNs never become paths. */
export const fileKey = (...parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 24);
export const sessionFile = (bridgeUrl: string, env: Env = process.env) => join(cacheDir(env), 'sessions', `${fileKey(bridgeUrl)}.json`);
export const credentialsCacheFile = (bridgeUrl: string, roleArn: string, durationSec: number | undefined, env: Env = process.env) =>
  join(cacheDir(env), 'credentials', `${fileKey(bridgeUrl, roleArn, String(durationSec ?? 'default'))}.json`);
