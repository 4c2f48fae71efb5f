// Opens a URL in the system browser, or in the program named by
// --browser-command / STS_BRIDGE_BROWSER (split on spaces; the URL is the
// last argument). Never fails the login: the URL is printed as well.
import { spawn } from 'node:child_process';

function systemOpener(): string[] {
  if (process.platform === 'darwin') return ['open'];
  if (process.platform === 'win32') return ['rundll32', 'url.dll,FileProtocolHandler'];
  return ['xdg-open'];
}

export function openUrl(url: string, command?: string): void {
  const argv = command ? command.trim().split(/\s+/) : systemOpener();
  try {
    const child = spawn(argv[0]!, [...argv.slice(1), url], { stdio: 'ignore', detached: true });
    child.on('error', () => { /* no browser here: the printed URL still works */ });
    child.unref();
  } catch { /* as above */ }
}
