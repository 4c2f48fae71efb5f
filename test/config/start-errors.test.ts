// Start-up problems a newcomer meets say what to do: a taken port names the
// three port variables.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';

describe('npm start on a taken port', () => {
  it('exits 1 naming PORT, DEV_IDP_PORT and LOCAL_AWS_PORT', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as { port: number }).port;
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, PORT: String(taken), DEV_IDP_PORT: '0', LOCAL_AWS_PORT: '0' }, encoding: 'utf8', timeout: 30_000 });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`port ${taken} is already in use`);
      expect(r.stderr).toMatch(/PORT .*DEV_IDP_PORT .*LOCAL_AWS_PORT/);
    } finally { blocker.close(); }
  });
});
