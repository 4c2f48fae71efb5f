// Reads and validates the role rules file; a bad file names each problem.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { formatIssues } from '../config/load.js';
import { BridgeError } from '../errors.js';
import { rulesSchema, type Rules } from './schema.js';

export function parseRules(raw: unknown, source: string): Rules {
  const parsed = rulesSchema.safeParse(raw);
  if (!parsed.success) throw new BridgeError('config_invalid', formatIssues(source, parsed.error));
  return parsed.data;
}

export function loadRules(file: string): Rules {
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BridgeError('config_invalid', `${file}: ${(e as Error).message}`);
  }
  return parseRules(raw, file);
}
