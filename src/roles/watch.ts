// Rule files are validated at start and reloaded on change. A bad edit is
// refused with its error (logged and audited) and the last good rules stay in
// force. Watches the directory, since editors often replace the file.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Audit } from '../audit.js';
import { logger } from '../log.js';
import { loadRules } from './load.js';
import type { Rules } from './schema.js';

export interface RulesSource {
  current(): Rules;
  /** Reloads now; resolves with the error when the file was refused. */
  reload(): { ok: true } | { ok: false; error: string };
  close(): void;
}

export function watchRules(file: string, opts: { audit?: Audit; debounceMs?: number; watch?: boolean } = {}): RulesSource {
  const log = logger('rules');
  let rules = loadRules(file); // at start, a bad file stops the process
  const reload = (): { ok: true } | { ok: false; error: string } => {
    try {
      rules = loadRules(file);
      opts.audit?.emit({ event: 'rules_reload', outcome: 'success', file, rules: rules.rules.length });
      log.info({ file, rules: rules.rules.length }, 'role rules reloaded');
      return { ok: true };
    } catch (e) {
      const error = (e as Error).message;
      opts.audit?.emit({ event: 'rules_reload', outcome: 'failure', reason: 'config_invalid', detail: error, file });
      log.error({ file, error }, 'role rules edit refused; the last good rules stay in force');
      return { ok: false, error };
    }
  };
  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (opts.watch !== false) {
    watcher = watch(dirname(file), { persistent: false }, (_event, name) => {
      if (name !== null && name !== basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(reload, opts.debounceMs ?? 200);
    });
    watcher.on('error', (e) => log.error({ file, error: e.message }, 'cannot watch the rules file; restart to apply edits'));
  }
  return {
    current: () => rules,
    reload,
    close() { clearTimeout(timer); watcher?.close(); },
  };
}
