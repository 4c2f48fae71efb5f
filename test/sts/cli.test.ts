// `npm run sts`: the standalone entry point listens on 127.0.0.1 and answers STS.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('cli', () => {
  it('starts on 127.0.0.1 and prints the endpoint', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sts/cli.ts', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
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
});
