// docs/errors.md lists every error code with its HTTP status, and nothing else.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_STATUS } from '../../src/errors.js';

const rows = [...readFileSync('docs/errors.md', 'utf8').matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])] as const);

describe('docs/errors.md', () => {
  it('documents every code with its status', () => {
    expect(Object.fromEntries(rows)).toEqual(ERROR_STATUS);
  });
});
