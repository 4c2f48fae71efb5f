// Flag parsing for every command with node:util parseArgs: strict, `--help`
// everywhere, and the flags most commands share.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usage } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON: Options = {
  help: { type: 'boolean', short: 'h' },
  'bridge-url': { type: 'string' },
};

export const TARGET: Options = {
  profile: { type: 'string', short: 'p' },
  role: { type: 'string', short: 'r' },
  account: { type: 'string' },
  duration: { type: 'string', short: 'd' },
};

export type Values = Record<string, string | boolean | undefined>;

/** Parsed flags, or null after printing help. */
export function parse(argv: string[], options: Options, help: string, positionals = false): { values: Values; positionals: string[] } | null {
  let out;
  try {
    out = parseArgs({ args: argv, options: { ...COMMON, ...options }, strict: true, allowPositionals: positionals });
  } catch (e) {
    throw usage(`${(e as Error).message}\n\n${help}`);
  }
  if (out.values.help) { process.stdout.write(`${help}\n`); return null; }
  return { values: out.values as Values, positionals: out.positionals };
}

export const str = (v: Values, k: string): string | undefined => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
