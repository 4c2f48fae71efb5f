// Browser sign-in for a native app (RFC 8252): a one-shot HTTP listener on
// 127.0.0.1, PKCE S256, and a state value checked on the way back.
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { callBridge, type TokenAnswer } from '../bridge-client.js';
import { openUrl } from '../browser.js';
import { clientDescription } from '../client-info.js';
import { CliError, EXIT } from '../errors.js';
import { progress } from '../progress.js';

const PAGE = (msg: string) => `<!doctype html><meta charset="utf-8"><title>sts-bridge</title><p style="font:16px system-ui;margin:3rem">${msg}</p>`;

export async function loopbackLogin(bridgeUrl: string, o: { browserCommand?: string; timeoutSec: number }): Promise<TokenAnswer> {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(16).toString('base64url');
  const server = createServer();
  await new Promise<void>((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  const redirectUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`;
  try {
    const code = new Promise<string>((resolve, reject) => {
      server.on('request', (req, res) => {
        const u = new URL(req.url ?? '/', redirectUri);
        if (u.pathname !== '/callback') { res.writeHead(404).end(); return; }
        const ok = u.searchParams.get('state') === state && u.searchParams.get('code');
        res.writeHead(ok ? 200 : 400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
          .end(PAGE(ok ? 'Signed in. You can close this window and go back to the terminal.' : 'This sign-in answer does not belong to the waiting command.'));
        if (ok) resolve(u.searchParams.get('code')!);
        else if (u.searchParams.get('state') === state) reject(new CliError(EXIT.refused, 'The bridge did not return a sign-in code.', 'access_denied'));
      });
      setTimeout(() => reject(new CliError(EXIT.timeout, `No sign-in within ${o.timeoutSec}s.`, 'timeout')), o.timeoutSec * 1000).unref();
    });
    const url = new URL('/native/authorize', `${bridgeUrl}/`);
    url.search = new URLSearchParams({ redirect_uri: redirectUri, code_challenge: challenge, code_challenge_method: 'S256', state, client_description: clientDescription() }).toString();
    process.stderr.write(`Opening the browser to sign in. If it does not open, visit:\n  ${url.href}\n`);
    openUrl(url.href, o.browserCommand);
    const wait = progress('Waiting for the browser sign-in…');
    try {
      const got = await code;
      wait.stop();
      return await callBridge<TokenAnswer>(bridgeUrl, '/api/native/token', { body: { grant_type: 'authorization_code', code: got, code_verifier: verifier, redirect_uri: redirectUri } });
    } catch (e) {
      wait.stop();
      throw e;
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
}
