// `npm run sts`: the standalone entry point listens on 127.0.0.1 and answers
// STS; --help, unknown options and a taken port are one-line answers with
// documented exit codes, never a stack trace.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';

const start = (args: string[]) => spawn(process.execPath, ['--import', 'tsx', 'src/sts/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

function finished(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('cli', () => {
  it('starts on 127.0.0.1 and prints the endpoint', async () => {
    const child = start(['--port', '0']);
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => { buf += d.toString(); if (buf.includes('\n')) resolve(buf); });
        child.stderr.on('data', (d: Buffer) => { buf += d.toString(); });
        child.on('exit', () => reject(new Error(`exited: ${buf}`)));
      });
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(line)![0];
      const res = await fetch(`${url}/?Action=GetCallerIdentity&Version=2011-06-15`);
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('--help prints usage and exits 0', async () => {
    const ran = await finished(start(['--help']));
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('Usage: npm run sts -- [--port PORT]');
    expect(ran.stderr).toBe('');
  });

  it('an unknown option is one line of error, then usage, exit 1', async () => {
    const ran = await finished(start(['--prot', '4566']));
    expect(ran.code).toBe(1);
    expect(ran.stderr.split('\n')[0]).toMatch(/^local AWS STS: Unknown option '--prot'/);
    expect(ran.stderr).toContain('Usage: npm run sts');
    expect(ran.stderr).not.toMatch(/ERR_PARSE_ARGS|\n\s+at /);
  });

  it('a taken port is a one-line message naming the port, exit 1', async () => {
    const holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
    const port = (holder.address() as AddressInfo).port;
    try {
      const ran = await finished(start(['--port', String(port)]));
      expect(ran.code).toBe(1);
      expect(ran.stderr).toBe(`local AWS STS: port ${port} on 127.0.0.1 is already in use: stop what holds it or pass another --port.\n`);
      expect(ran.stdout).toBe('');
    } finally {
      holder.close();
    }
  });
});
