// Reads the config file, applies the few environment overrides, validates
// everything at once and returns a frozen object. A bad file names each field
// and its problem, and start-up stops.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { BridgeError } from '../errors.js';
import { configSchema, type Config } from './schema.js';
import { developmentProblems, productionProblems } from './production.js';

export const DEFAULT_CONFIG_FILE = 'config/bridge.yaml';

function envNumber(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new BridgeError('config_invalid', `${name} must be an integer, got "${v}"`);
  return n;
}

/** Environment overrides: the ones an operator reaches for without editing files. */
function applyEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out = { ...raw };
  if (env.STS_BRIDGE_MODE) out.mode = env.STS_BRIDGE_MODE;
  if (env.PUBLIC_BASE_URL) out.publicBaseUrl = env.PUBLIC_BASE_URL;
  const port = envNumber('PORT');
  if (port !== undefined) out.port = port;
  if (env.REDIS_URL) {
    // Convenience: a URL alone switches the shared store to standalone Redis (keeping prefix and keys).
    const st = (out.store ?? {}) as Record<string, unknown>;
    const { sentinels: _s, name: _n, cluster: _c, ...redis } = (st.redis ?? {}) as Record<string, unknown>;
    out.store = { ...st, type: 'redis', redis: { ...redis, url: env.REDIS_URL } };
  }
  if (out.embedded && typeof out.embedded === 'object') {
    const e = { ...(out.embedded as Record<string, unknown>) };
    const idpPort = envNumber('DEV_IDP_PORT');
    const awsPort = envNumber('LOCAL_AWS_PORT');
    if (idpPort !== undefined) e.idpPort = idpPort;
    if (awsPort !== undefined) e.awsPort = awsPort;
    out.embedded = e;
  }
  return out;
}

export function formatIssues(file: string, error: z.ZodError): string {
  return error.issues.map((i) => `${file}: ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
}

/** Validates a config object (already read). Throws config_invalid listing every problem. */
export function parseConfig(raw: unknown, source = 'config'): Readonly<Config> {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new BridgeError('config_invalid', formatIssues(source, parsed.error));
  const problems = parsed.data.mode === 'production' ? productionProblems(parsed.data) : developmentProblems(parsed.data);
  if (problems.length > 0) {
    throw new BridgeError('config_invalid', problems.map((p) => `${source}: ${p.field}: ${p.problem}`).join('\n'));
  }
  return Object.freeze(parsed.data);
}

export function loadConfig(file = process.env.STS_BRIDGE_CONFIG ?? DEFAULT_CONFIG_FILE, env = process.env): Readonly<Config> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new BridgeError('config_invalid', `${file}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new BridgeError('config_invalid', `${file}: not valid YAML: ${(e as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null) throw new BridgeError('config_invalid', `${file}: expected a mapping at the top level`);
  return parseConfig(applyEnv(raw as Record<string, unknown>, env), file);
}
