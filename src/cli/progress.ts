// One progress line on stderr while waiting for a person; on a terminal it
// counts the seconds in place, elsewhere it is printed once.
export function progress(message: string): { stop(final?: string): void } {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  process.stderr.write(tty ? `${message}` : `${message}\n`);
  const timer = tty ? setInterval(() => process.stderr.write(`\r${message} ${Math.round((Date.now() - started) / 1000)}s`), 1000) : undefined;
  timer?.unref();
  return {
    stop(final) {
      if (timer) clearInterval(timer);
      if (tty) process.stderr.write('\r\x1b[K');
      if (final) process.stderr.write(`${final}\n`);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
