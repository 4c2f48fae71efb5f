// Docs and sources cite only files in this repository or public sources: a
// path like shared/reference/… exists on one author's machine, not in a clone.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|md)$/.test(n) ? [p] : [];
  });
}

describe('references', () => {
  it('nothing in docs/, src/ or test/ points at shared/reference', () => {
    const offenders = ['docs', 'src', 'test'].flatMap(files).filter((f) => !f.endsWith('in-repo-refs.test.ts') && readFileSync(f, 'utf8').includes('shared/reference'));
    expect(offenders).toEqual([]);
  });
});
