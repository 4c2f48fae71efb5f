// The secret-leak check: every log line and audit event the suite wrote,
// searched for every secret the suite issued or used. Pure, so a unit test
// can prove it fails on a planted secret.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Leak { file: string; secret: string }

/** Secrets shorter than this are too likely to match by chance (role names, ids). */
const MIN_LEN = 12;

export function readSecrets(dir: string): Set<string> {
  const out = new Set<string>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).filter((n) => n.startsWith('secrets-'))) {
    for (const s of readFileSync(join(dir, f), 'utf8').split('\n')) if (s.length >= MIN_LEN) out.add(s);
  }
  return out;
}

export function findLeaks(dir: string, secrets: Iterable<string>): Leak[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((n) => n.startsWith('log-') || n.startsWith('audit-'));
  const leaks: Leak[] = [];
  const list = [...secrets].filter((s) => s.length >= MIN_LEN);
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) leaks.push({ file: f, secret: 'a PEM private key' });
    for (const s of list) if (text.includes(s)) leaks.push({ file: f, secret: `${s.slice(0, 6)}… (${s.length} chars)` });
  }
  return leaks;
}
