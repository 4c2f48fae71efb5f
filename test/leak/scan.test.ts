// The leak check must be able to fail: a planted secret and a planted private
// key are found; clean files pass.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findLeaks, readSecrets } from './scan.js';

describe('secret-leak scanner', () => {
  it('finds a planted secret access key and private key, and passes clean files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stsb-leak-test-'));
    try {
      writeFileSync(join(dir, 'secrets-1.txt'), 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nshort\n');
      writeFileSync(join(dir, 'log-1.jsonl'), '{"msg":"fine","accessKeyId":"ASIAEXAMPLE"}\n');
      expect(findLeaks(dir, readSecrets(dir))).toEqual([]);
      writeFileSync(join(dir, 'audit-1.jsonl'), '{"detail":"oops wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"}\n');
      writeFileSync(join(dir, 'log-2.jsonl'), '{"msg":"-----BEGIN PRIVATE KEY-----\\nMIIE"}\n');
      const leaks = findLeaks(dir, readSecrets(dir));
      expect(leaks.map((l) => l.file).sort()).toEqual(['audit-1.jsonl', 'log-2.jsonl']);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
