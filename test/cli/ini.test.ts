// The INI editor changes only what it is asked to, and writes atomically.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { editIni } from '../../src/cli/aws-files.js';
import { IniFile } from '../../src/cli/ini.js';

const SAMPLE = `; top comment
[default]
region = us-east-1
s3 =
  max_concurrent_requests = 10

# about work
[profile work]
region=eu-west-1
output = json

[profile last]
x = 1
`;

describe('IniFile', () => {
  it('updates, adds and deletes keys in one section and leaves every other line alone', () => {
    const ini = new IniFile(SAMPLE);
    ini.set('profile work', { region: 'eu-central-1', credential_process: 'sts-bridge credential-process --profile work', output: undefined });
    expect(ini.toString()).toBe(SAMPLE.replace('region=eu-west-1\noutput = json\n', 'region = eu-central-1\ncredential_process = sts-bridge credential-process --profile work\n'));
    expect(ini.get('default')).toEqual({ region: 'us-east-1', s3: '' });
  });

  it('appends a new section, and removes one', () => {
    const ini = new IniFile(SAMPLE);
    ini.set('new', { a: '1' });
    expect(ini.toString()).toBe(`${SAMPLE}\n[new]\na = 1\n`);
    ini.remove('profile last');
    expect(ini.sections()).toEqual(['default', 'profile work', 'new']);
  });

  it('writes through a temp file and rename, keeping the mode unless told otherwise', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stsb-ini-'));
    const path = join(dir, 'config');
    writeFileSync(path, SAMPLE, { mode: 0o644 });
    editIni(path, (ini) => ini.set('profile x', { region: 'us-west-2' }));
    expect(statSync(path).mode & 0o777).toBe(0o644);
    expect(readFileSync(path, 'utf8')).toContain('[profile x]\nregion = us-west-2\n');
    editIni(join(dir, 'credentials'), (ini) => ini.set('p', { k: 'v' }), 0o600);
    expect(statSync(join(dir, 'credentials')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['config', 'credentials']);
  });
});
