// First-start files (development keys, secrets) that several processes may
// create at the same moment: written whole under a private name, then linked
// into place. link() fails with EEXIST when another process won, and nobody
// ever reads half a file; the loser then uses the winner's content.
import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Creates `path` with `content` unless it exists; returns what is in the file afterwards. */
export function writeOnce(path: string, content: string, mode = 0o600): string {
  if (existsSync(path)) return readFileSync(path, 'utf8');
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, content, { mode, flag: 'wx' });
  try {
    linkSync(tmp, path);
    return content;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(path, 'utf8');
    throw e;
  } finally {
    rmSync(tmp, { force: true });
  }
}

/** Waits (bounded) for a file another process is about to write. */
export async function waitForFile(path: string, timeoutMs = 10_000): Promise<boolean> {
  for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    if (existsSync(path)) return true;
  }
  return existsSync(path);
}
