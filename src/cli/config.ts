// The CLI's settings: the bridge URL (flag, then STS_BRIDGE_URL, then
// config.json) and named profiles (role, duration) kept by `login`.
import { CliError, EXIT } from './errors.js';
import { readJsonIfExists, writeFileAtomic } from './files.js';
import { configFile } from './paths.js';

export interface ProfileSettings { role: string; bridgeUrl?: string; durationSec?: number; region?: string }
export interface CliConfig { bridgeUrl?: string; profiles?: Record<string, ProfileSettings> }

export function readConfig(env: NodeJS.ProcessEnv = process.env): CliConfig {
  return readJsonIfExists<CliConfig>(configFile(env)) ?? {};
}

export function saveProfile(name: string, p: ProfileSettings, env: NodeJS.ProcessEnv = process.env): void {
  const c = readConfig(env);
  c.profiles = { ...c.profiles, [name]: p };
  writeFileAtomic(configFile(env), `${JSON.stringify(c, null, 2)}\n`, 0o600);
}

export function normaliseBridgeUrl(raw: string): string {
  let u: URL;
  try { u = new URL(raw); } catch { throw new CliError(EXIT.usage, `Not a URL: ${raw}`, 'usage'); }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname))) {
    throw new CliError(EXIT.usage, 'The bridge URL must use https (plain http only on localhost).', 'usage');
  }
  return u.href.replace(/\/+$/, '');
}

export function resolveBridgeUrl(flag: string | undefined, profileUrl?: string, env: NodeJS.ProcessEnv = process.env): string {
  const raw = flag ?? profileUrl ?? env.STS_BRIDGE_URL ?? readConfig(env).bridgeUrl;
  if (!raw) throw new CliError(EXIT.usage, 'No bridge URL: pass --bridge-url, set STS_BRIDGE_URL, or put "bridgeUrl" in ~/.config/sts-bridge/config.json.', 'usage');
  return normaliseBridgeUrl(raw);
}
