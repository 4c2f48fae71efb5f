// Regression (review 2, item 2): web-identity keys were generated even in production, and two instances starting at once each wrote their own key file (JWKS differed).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { IssuerKeys } from '../../src/webidentity/keys.js';
import { testConfig } from '../helpers/stack.js';

const prodMessage = (edit: (c: Record<string, any>) => void): string => {
  const raw = testConfig((c) => { c.mode = 'production'; edit(c); });
  try { parseConfig(raw, 'bridge.yaml'); return ''; } catch (e) { return (e as Error).message; }
};

describe('web identity keys', () => {
  it('two instances opening the same missing key file at once end up with one key', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stsb-wik-')), 'web-identity-keys.json');
    const [a, b, c] = await Promise.all([IssuerKeys.open(file, 1), IssuerKeys.open(file, 2), IssuerKeys.open(file, 3)]);
    const onDisk = (JSON.parse(readFileSync(file, 'utf8')) as Array<{ kid: string }>).map((k) => k.kid);
    for (const k of [a, b, c]) expect(k.jwks().keys.map((x) => x.kid)).toEqual(onDisk);
  });

  it('are never generated when generation is off (production)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stsb-wik-')), 'missing.json');
    await expect(IssuerKeys.open(file, 1, { generate: false })).rejects.toMatchObject({ code: 'config_invalid' });
  });

  it('production mode refuses web identity without a configured key file, naming the field', () => {
    expect(prodMessage((c) => { c.webIdentity = { enabled: true }; })).toContain('bridge.yaml: webIdentity.keyFile: required');
    expect(prodMessage((c) => { c.webIdentity = { enabled: true, keyFile: '/nonexistent/keys.json' }; })).toContain('bridge.yaml: webIdentity.keyFile: file not found');
    expect(prodMessage(() => {})).not.toContain('webIdentity');
  });
});
