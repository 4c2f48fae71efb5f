// Starts a dev IdP on 127.0.0.1 with an ephemeral port for a test. The port is
// bound first because the IdP needs its public URL at creation time.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDevIdp, type DevIdp, type DevIdpOptions } from '../../src/devidp/index.ts';

export const USERS_FILE = join(import.meta.dirname, '../../config/demo-users.yaml');

export interface RunningIdp {
  idp: DevIdp;
  url: string;
  certsDir: string;
  stop(): Promise<void>;
}

export async function startIdp(opts: Partial<DevIdpOptions> & { certsDir?: string } = {}): Promise<RunningIdp> {
  const server: Server = createServer();
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const ownDir = !opts.certsDir;
  const certsDir = opts.certsDir ?? mkdtempSync(join(tmpdir(), 'devidp-'));
  const idp = await createDevIdp({
    publicUrl: url,
    usersFile: USERS_FILE,
    oidcClients: [],
    samlServiceProviders: [],
    ...opts,
    certsDir,
  });
  server.on('request', idp.handler);
  return {
    idp,
    url,
    certsDir,
    stop: async () => {
      await idp.close();
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      if (ownDir) rmSync(certsDir, { recursive: true, force: true });
    },
  };
}
