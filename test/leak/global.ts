// vitest globalSetup: a fresh folder for the leak check, and the check itself
// at teardown; a leak fails the run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findLeaks, readSecrets } from './scan.js';

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'stsb-leak-'));
  project.provide('leakDir' as never, dir as never);
  return () => {
    const secrets = readSecrets(dir);
    const leaks = findLeaks(dir, secrets);
    if (process.env.STSB_KEEP_LEAK_DIR) console.log(`leak check: ${secrets.size} secrets, files in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
    // vitest reports a teardown error but keeps exit code 0: set it ourselves.
    if (leaks.length > 0) process.exitCode = 1;
    if (leaks.length > 0) throw new Error(`secrets found in logs or audit events: ${leaks.map((l) => `${l.file}: ${l.secret}`).join('; ')}`);
  };
}
