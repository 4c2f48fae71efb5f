// Chooses the role: `--role` as an ARN, `alias/Name`, `account:Name` or a bare
// role name (with `--account` to disambiguate); otherwise an interactive list
// on a terminal, or the only role there is.
import { createInterface } from 'node:readline/promises';
import type { RoleInfo } from './bridge-client.js';
import { CliError, EXIT, usage } from './errors.js';

const label = (r: RoleInfo) => `${r.account_alias ?? r.account_id}/${r.name}`;

export function matchRole(roles: RoleInfo[], role: string | undefined, account: string | undefined): RoleInfo[] {
  const inAccount = (r: RoleInfo) => !account || r.account_id === account || r.account_alias === account;
  if (!role) return roles.filter(inAccount);
  if (role.startsWith('arn:')) return roles.filter((r) => r.arn === role);
  const m = /^([^/:]+)[/:](.+)$/.exec(role);
  if (m && !role.includes('/', m[1]!.length + 1)) {
    const [, acct, name] = m;
    const hits = roles.filter((r) => (r.account_id === acct || r.account_alias === acct) && r.name === name);
    if (hits.length > 0) return hits;
  }
  return roles.filter((r) => r.name === role && inAccount(r));
}

export async function chooseRole(roles: RoleInfo[], role: string | undefined, account: string | undefined): Promise<RoleInfo> {
  if (roles.length === 0) throw new CliError(EXIT.refused, 'No AWS roles are mapped to your account.', 'no_roles_mapped');
  const hits = matchRole(roles, role, account);
  if (hits.length === 1) return hits[0]!;
  const list = (hits.length > 0 ? hits : roles).map((r) => `  ${label(r)}  ${r.arn}`).join('\n');
  if (role && hits.length === 0) throw new CliError(EXIT.refused, `No granted role matches "${role}". Granted roles:\n${list}`, 'role_not_granted');
  if (!process.stdin.isTTY || !process.stderr.isTTY) throw usage(`Several roles are granted: name one with --role.\n${list}`);
  const choices = hits.length > 0 ? hits : roles;
  process.stderr.write(choices.map((r, i) => `${String(i + 1).padStart(3)}) ${label(r)}  ${r.arn}`).join('\n') + '\n');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    for (;;) {
      const n = Number((await rl.question('Role number: ')).trim());
      if (Number.isInteger(n) && n >= 1 && n <= choices.length) return choices[n - 1]!;
    }
  } finally {
    rl.close();
  }
}

/** `3600`, `90m`, `8h`: seconds for the bridge (which clamps to the role's maximum). */
export function parseDuration(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d+)([smh]?)$/.exec(raw.trim());
  if (!m) throw usage(`Not a duration: ${raw} (use seconds, or e.g. 90m, 8h).`);
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600 } as Record<string, number>)[m[2]!]!;
}
