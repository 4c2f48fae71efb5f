// Sign-in on a machine without a browser: the OAuth device authorization
// grant (RFC 8628). The person approves the code on any signed-in browser.
import { BridgeRefusal, callBridge, type TokenAnswer } from '../bridge-client.js';
import { clientDescription } from '../client-info.js';
import { CliError, EXIT } from '../errors.js';
import { progress, sleep } from '../progress.js';

interface DeviceAnswer { device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number }

export async function deviceLogin(bridgeUrl: string, o: { timeoutSec: number }): Promise<TokenAnswer> {
  const d = await callBridge<DeviceAnswer>(bridgeUrl, '/api/native/device', { body: { client_description: clientDescription() } });
  // The user code is not a secret on its own: it only works for a signed-in person who approves it.
  process.stderr.write(`To sign in, open ${d.verification_uri} in a browser and enter the code ${d.user_code}\n  (or open ${d.verification_uri_complete})\n`);
  const deadline = Date.now() + Math.min(d.expires_in, o.timeoutSec) * 1000;
  let interval = Math.max(1, d.interval);
  const wait = progress('Waiting for approval in the browser…');
  try {
    while (Date.now() < deadline) {
      await sleep(interval * 1000);
      try {
        const t = await callBridge<TokenAnswer>(bridgeUrl, '/api/native/token', { body: { grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: d.device_code } });
        wait.stop();
        return t;
      } catch (e) {
        if (!(e instanceof BridgeRefusal)) throw e;
        if (e.code === 'authorization_pending') continue;
        if (e.code === 'slow_down') { interval = Number(e.body.interval) || interval + 5; continue; }
        if (e.code === 'access_denied') throw new CliError(EXIT.refused, 'The sign-in was denied in the browser.', 'access_denied');
        throw e;
      }
    }
    throw new CliError(EXIT.timeout, 'The device code expired before it was approved.', 'timeout');
  } finally {
    wait.stop();
  }
}
