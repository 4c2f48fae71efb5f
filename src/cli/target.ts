// Which bridge and role a command is about: from --profile (its sts_bridge_*
// keys in ~/.aws/config, or a profile `login` saved), or from --role/--account.
import { callBridge, type RolesAnswer } from './bridge-client.js';
import { configProfile } from './aws-files.js';
import { readConfig, resolveBridgeUrl } from './config.js';
import { usage } from './errors.js';
import { str, type Values } from './args.js';
import { chooseRole, parseDuration } from './roles.js';
import { requireSession } from './session-store.js';

export interface Target { bridgeUrl: string; roleArn: string; durationSec?: number; region?: string }

export function profileSettings(name: string) {
  const aws = configProfile(name);
  if (aws?.sts_bridge_role) {
    return { role: aws.sts_bridge_role, bridgeUrl: aws.sts_bridge_url, duration: aws.sts_bridge_duration, region: aws.region };
  }
  const saved = readConfig().profiles?.[name];
  return saved ? { role: saved.role, bridgeUrl: saved.bridgeUrl, duration: saved.durationSec?.toString(), region: saved.region } : undefined;
}

/** Resolves without a network call when the role is an ARN; otherwise asks the bridge for the list. */
export async function resolveTarget(v: Values): Promise<Target> {
  const name = str(v, 'profile');
  const p = name ? profileSettings(name) : undefined;
  if (name && !p && !str(v, 'role')) throw usage(`Profile "${name}" has no sts-bridge role: run \`sts-bridge login --profile ${name} --role …\` or \`sts-bridge configure\`.`);
  const bridgeUrl = resolveBridgeUrl(str(v, 'bridge-url'), p?.bridgeUrl);
  const role = str(v, 'role') ?? p?.role;
  const durationSec = parseDuration(str(v, 'duration') ?? p?.duration);
  const region = p?.region;
  const extra = { ...(durationSec ? { durationSec } : {}), ...(region ? { region } : {}) };
  if (role?.startsWith('arn:')) return { bridgeUrl, roleArn: role, ...extra };
  const session = requireSession(bridgeUrl);
  const list = await callBridge<RolesAnswer>(bridgeUrl, '/api/native/roles', { token: session.token });
  const chosen = await chooseRole(list.roles, role, str(v, 'account'));
  return { bridgeUrl, roleArn: chosen.arn, ...extra, region: region ?? list.region };
}
