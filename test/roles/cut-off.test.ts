// The SECURITY.md cut-off recipe: a deny rule naming one person's subject
// takes every role from them, whatever their groups say.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import type { Identity } from '../../src/identity.js';
import { mapRoles } from '../../src/roles/map.js';
import { parseRules } from '../../src/roles/load.js';

const shipped = parseYaml(readFileSync('config/rules.yaml', 'utf8')) as { accounts: unknown[]; rules: unknown[] };
const rules = parseRules({ ...shipped, rules: [...shipped.rules, { id: 'cut-off-alice', when: { idp: 'dev-saml', claims: { subject: 'alice-subject' } }, deny: ['arn:*'] }] }, 'inline');
const alice = (idp: string, subject: string): Identity => ({ idp, issuer: 'i', subject, username: 'alice', groups: ['aws-admins', 'aws-dev'], claims: {}, authTime: 0 });

describe('cutting off one user', () => {
  it('denies every role to that subject at that IdP only', () => {
    expect(mapRoles(alice('dev-saml', 'alice-subject'), rules).roles).toEqual([]);
    expect(mapRoles(alice('dev-saml', 'someone-else'), rules).roles.length).toBe(3);
    expect(mapRoles(alice('dev-oidc', 'alice-subject'), rules).roles.length).toBe(3);
  });
});
