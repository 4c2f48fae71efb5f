// Exit codes a script can rely on (docs/cli.md lists them), and the one error
// type every command throws. Messages go to stderr and never carry a secret.

export const EXIT = {
  ok: 0,
  /** Bad flags or arguments, or a choice that needs a person (several roles, no TTY). */
  usage: 1,
  /** Not signed in, or the CLI session ended or was revoked: run `sts-bridge login`. */
  login: 2,
  /** The bridge or AWS refused: role not granted, no roles, denied in the browser. */
  refused: 3,
  /** The bridge could not be reached or failed (network error, 5xx). */
  unreachable: 4,
  /** Gave up waiting for the browser or device approval. */
  timeout: 5,
  /** A local file could not be read or written. */
  local: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(readonly exitCode: ExitCode, message: string, readonly code?: string) {
    super(message);
  }
}

export const usage = (m: string) => new CliError(EXIT.usage, m, 'usage');
export const needsLogin = (m = 'Not signed in to the bridge: run `sts-bridge login`.') => new CliError(EXIT.login, m, 'login_required');
