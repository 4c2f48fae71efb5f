// Demo users for the development IdPs: loading (validated), constant-time
// password checks and the stable opaque subject shared by OIDC `sub` and SAML NameID.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { BridgeError } from '../errors.ts';

const UserSchema = z.object({
  username: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, underscore or dash (1-64)'),
  password: z.string().min(1),
  email: z.email(),
  name: z.string().min(1).max(200),
  groups: z.array(z.string().min(1).max(256)).default([]),
});
const FileSchema = z.object({ users: z.array(UserSchema).min(1) }).superRefine((f, ctx) => {
  const seen = new Set<string>();
  f.users.forEach((u, i) => {
    if (seen.has(u.username)) ctx.addIssue({ code: 'custom', path: ['users', i, 'username'], message: `duplicate username ${u.username}` });
    seen.add(u.username);
  });
});

export type DemoUser = z.infer<typeof UserSchema>;

/** Reads and validates the demo users file; errors name the offending field (e.g. users.1.email). */
export function loadDemoUsers(file: string): DemoUser[] {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new BridgeError('config_invalid', `Cannot read demo users file ${file}`, { detail: String(e), cause: e });
  }
  const res = FileSchema.safeParse(raw);
  if (!res.success) {
    const issue = res.error.issues[0];
    const where = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new BridgeError('config_invalid', `Invalid demo users file ${file}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return res.data.users;
}

// Hash both sides first so timingSafeEqual always gets equal lengths and the
// comparison time does not depend on where the strings differ.
function digest(s: string): Buffer {
  return createHmac('sha256', 'devidp-password-compare').update(s, 'utf8').digest();
}

/** The user when username and password match, else undefined. Unknown users cost the same work. */
export function checkPassword(users: readonly DemoUser[], username: string, password: string): DemoUser | undefined {
  const user = users.find((u) => u.username === username);
  const ok = timingSafeEqual(digest(user?.password ?? '\u0000no-such-user'), digest(password));
  return user && ok ? user : undefined;
}

/** Stable opaque id per user: HMAC of the username with a key kept in certsDir. */
export function subjectFor(subjectKey: Buffer, username: string): string {
  return createHmac('sha256', subjectKey).update(`user:${username}`).digest('base64url').slice(0, 32);
}
