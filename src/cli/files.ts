// Private files: directories 0700, files 0600, every write atomic (a temp
// file in the same directory, then rename) so a reader never sees half a file.
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { CliError, EXIT } from './errors.js';

export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Keeps an existing file's mode (a user may share ~/.aws/config), else 0600. */
export function writeFileAtomic(path: string, content: string, mode?: number): void {
  const dir = dirname(path);
  let keep: number | undefined;
  try { keep = statSync(path).mode & 0o777; } catch { keep = undefined; }
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, content, { mode: mode ?? keep ?? 0o600, flag: 'wx' });
    if (mode !== undefined) chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new CliError(EXIT.local, `Could not write ${path}: ${(e as Error).message}`, 'file_error');
  }
}

export function readTextIfExists(path: string): string | undefined {
  try { return readFileSync(path, 'utf8'); } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(EXIT.local, `Could not read ${path}: ${(e as Error).message}`, 'file_error');
  }
}

export function readJsonIfExists<T>(path: string): T | undefined {
  const text = readTextIfExists(path);
  if (text === undefined) return undefined;
  try { return JSON.parse(text) as T; } catch { return undefined; }
}

export function removeFile(path: string): void {
  rmSync(path, { force: true });
}
