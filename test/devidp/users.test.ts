// Demo users file validation, password checks and opaque subjects.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isBridgeError } from '../../src/errors.ts';
import { loadDemoUsers } from '../../src/devidp/index.ts';
import { checkPassword, subjectFor } from '../../src/devidp/users.ts';
import { USERS_FILE } from './server.ts';

const dir = mkdtempSync(join(tmpdir(), 'devidp-users-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(yaml: string): { code: string; message: string } {
  const file = join(dir, `u${Math.random()}.yaml`);
  writeFileSync(file, yaml);
  try {
    loadDemoUsers(file);
  } catch (e) {
    if (isBridgeError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected loadDemoUsers to throw');
}

describe('loadDemoUsers', () => {
  it('loads config/demo-users.yaml', () => {
    const users = loadDemoUsers(USERS_FILE);
    expect(users.map((u) => u.username)).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(users[0]?.groups).toEqual(['aws-admins', 'aws-dev']);
  });

  it('names the offending field of a bad file', () => {
    const bad = errorOf('users:\n  - {username: a, password: p, email: a@x.io, name: A}\n  - {username: b, password: p, email: nope, name: B}\n');
    expect(bad.code).toBe('config_invalid');
    expect(bad.message).toContain('users.1.email');
    expect(errorOf('users:\n  - {username: a, password: p, email: a@x.io, name: A, groups: [1]}\n').message).toContain('users.0.groups.0');
    expect(errorOf('users:\n  - {username: a, password: p, email: a@x.io, name: A}\n  - {username: a, password: q, email: b@x.io, name: B}\n').message)
      .toContain('users.1.username');
    expect(errorOf('users: [').code).toBe('config_invalid');
    expect(errorOf('users: []').message).toContain('users');
  });

  it('reports a missing file as config_invalid', () => {
    expect(() => loadDemoUsers(join(dir, 'missing.yaml'))).toThrow(expect.objectContaining({ code: 'config_invalid' }));
  });
});

describe('checkPassword and subjectFor', () => {
  const users = loadDemoUsers(USERS_FILE);
  it('accepts only the exact password of an existing user', () => {
    expect(checkPassword(users, 'alice', 'alice-dev-password')?.username).toBe('alice');
    expect(checkPassword(users, 'alice', 'alice-dev-passwor')).toBeUndefined();
    expect(checkPassword(users, 'alice', 'bob-dev-password')).toBeUndefined();
    expect(checkPassword(users, 'mallory', '')).toBeUndefined();
  });
  it('gives a stable opaque subject per user and key', () => {
    const k1 = Buffer.alloc(32, 1);
    expect(subjectFor(k1, 'alice')).toBe(subjectFor(k1, 'alice'));
    expect(subjectFor(k1, 'alice')).not.toBe(subjectFor(k1, 'bob'));
    expect(subjectFor(k1, 'alice')).not.toBe(subjectFor(Buffer.alloc(32, 2), 'alice'));
    expect(subjectFor(k1, 'alice')).not.toContain('alice');
  });
});
