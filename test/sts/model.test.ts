// The IAM model file: the demo file loads; a bad file names the field.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/sts/model.js';

const dir = mkdtempSync(join(tmpdir(), 'model-'));
const write = (name: string, text: string): string => { const f = join(dir, name); writeFileSync(f, text); return f; };

describe('IAM model', () => {
  it('loads config/local-aws.yaml with trust policies from the shared template', () => {
    const m = loadModel('config/local-aws.yaml');
    expect([...m.roles.keys()]).toEqual([
      'arn:aws:iam::111111111111:role/Admin', 'arn:aws:iam::111111111111:role/Developer', 'arn:aws:iam::111111111111:role/ReadOnly',
      'arn:aws:iam::222222222222:role/ReadOnly', 'arn:aws:iam::222222222222:role/Auditor',
    ]);
    expect([...m.roles.values()].map((r) => r.maxSessionDuration)).toEqual([3600, 28800, 43200, 43200, 3600]);
    const auditor = m.roles.get('arn:aws:iam::222222222222:role/Auditor')!;
    expect(auditor.trustPolicy.statements[0]!.principal).toEqual({ Federated: ['arn:aws:iam::222222222222:saml-provider/sts-bridge'] });
    expect(auditor.roleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(m.samlProviders.get('arn:aws:iam::111111111111:saml-provider/sts-bridge')!.metadataFile).toMatch(/certs\/bridge-idp-metadata\.xml$/);
    expect(m.accessKeys.has('AKIAIOSFODNN7EXAMPLE')).toBe(true);
  });

  it('names the offending field', () => {
    expect(() => loadModel(write('a.yaml', 'accounts:\n  - id: "12345"\n'))).toThrow(/accounts\.0\.id/);
    expect(() => loadModel(write('b.yaml', 'accounts:\n  - id: "111111111111"\n    roles:\n      - name: R\n        maxSessionDuration: 100\n        trustPolicy: { document: { Statement: [] } }\n'))).toThrow(/accounts\.0\.roles\.0\.maxSessionDuration/);
    expect(() => loadModel(write('c.yaml', 'accounts:\n  - id: "111111111111"\n    colour: blue\n'))).toThrow(/colour|accounts\.0/);
    expect(() => loadModel(write('d.yaml', 'accounts:\n  - id: "111111111111"\n    roles:\n      - name: R\n        trustPolicy: { file: /nonexistent.json }\n'))).toThrow(/accounts\.0\.roles\.0\.trustPolicy/);
    expect(() => loadModel(write('e.yaml', 'accounts: [ unclosed'))).toThrow(/e\.yaml/);
    expect(() => loadModel(write('f.yaml', 'accounts:\n  - id: "111111111111"\n    samlProviders:\n      - name: p\n        metadataFile: ${nope}/m.xml\n'))).toThrow(/nope/);
  });

  it('lets callers override path variables', () => {
    const m = loadModel('config/local-aws.yaml', { certDir: '/elsewhere' });
    expect(m.samlProviders.get('arn:aws:iam::222222222222:saml-provider/sts-bridge')!.metadataFile).toBe('/elsewhere/bridge-idp-metadata.xml');
  });
});
