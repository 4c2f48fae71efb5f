// Starts the whole embedded stack (bridge, dev IdPs, local STS) on ephemeral
// loopback ports with its own certs folder, and collects every audit event.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { parseConfig } from '../../src/config/load.js';
import { startStack, type Stack } from '../../src/stack.js';

export interface TestStack extends Stack {
  audit: Array<Record<string, unknown>>;
  certsDir: string;
  stop(): Promise<void>;
}

export type RawConfig = Record<string, any>;

/** The shipped development config, with ports 0 and a private certs folder. */
export function testConfig(edit?: (raw: RawConfig) => void): RawConfig {
  const raw = parseYaml(readFileSync('config/bridge.yaml', 'utf8')) as RawConfig;
  raw.port = 0;
  raw.certsDir = mkdtempSync(join(tmpdir(), 'stsb-certs-'));
  delete raw.auditFile;
  raw.embedded = { ...raw.embedded, idpPort: 0, awsPort: 0 };
  delete raw.embedded.stsTrailFile;
  edit?.(raw);
  return raw;
}

export async function startTestStack(edit?: (raw: RawConfig) => void, clock?: () => number): Promise<TestStack> {
  const raw = testConfig(edit);
  const audit: Array<Record<string, unknown>> = [];
  const stack = await startStack(parseConfig(raw, 'test-config'), { onAudit: (e) => audit.push(e), ...(clock ? { clock } : {}) });
  return {
    ...stack, audit, certsDir: raw.certsDir,
    async stop() {
      await stack.close();
      rmSync(raw.certsDir, { recursive: true, force: true });
    },
  };
}

/**
 * The shipped IAM model and rules, changed by `edit`, written into the stack's
 * certs folder and named in the config (for tests that need extra roles).
 */
export function editModelAndRules(raw: RawConfig, edit: (model: Record<string, any>, rules: Record<string, any>) => void): void {
  const model = parseYaml(readFileSync('config/local-aws.yaml', 'utf8')) as Record<string, any>;
  const rules = parseYaml(readFileSync(raw.rulesFile ?? 'config/rules.yaml', 'utf8')) as Record<string, any>;
  edit(model, rules);
  raw.embedded.stsModelFile = join(raw.certsDir, 'model.yaml');
  raw.rulesFile = join(raw.certsDir, 'rules.yaml');
  writeFileSync(raw.embedded.stsModelFile, stringifyYaml(model));
  writeFileSync(raw.rulesFile, stringifyYaml(rules));
}
