// The device authorization grant (RFC 8628) over the shared Store. Separate
// keys for the request, the user code, the browser user's decision and the
// polling clock, so approval and polling never overwrite each other.
import { BridgeError } from '../errors.js';
import type { Identity } from '../identity.js';
import type { Store } from '../store/store.js';
import { digest, normaliseUserCode, randomToken, userCode } from './pkce.js';

export const DEVICE_TTL_SEC = 600;
export const POLL_INTERVAL_SEC = 2;

interface DeviceRecord { userCode: string; expiresAt: number; client?: string }
interface Decision { approved: boolean; identity?: Identity; sessionExpiresAt?: number }
interface PollClock { last: number; interval: number }

const k = {
  device: (h: string) => `native:dev:${h}`,
  user: (code: string) => `native:uc:${code}`,
  decision: (h: string) => `native:devok:${h}`,
  poll: (h: string) => `native:devpoll:${h}`,
};

/** `client` is the device's own, unverified description of itself (already cleaned). */
export async function startDevice(store: Store, now: number, client?: string): Promise<{ deviceCode: string; userCode: string }> {
  const deviceCode = randomToken();
  const code = userCode();
  const h = digest(deviceCode);
  const rec: DeviceRecord = { userCode: code, expiresAt: now + DEVICE_TTL_SEC * 1000, ...(client ? { client } : {}) };
  await store.set(k.device(h), JSON.stringify(rec), DEVICE_TTL_SEC);
  if (!(await store.setIfAbsent(k.user(normaliseUserCode(code)), h, DEVICE_TTL_SEC))) throw new BridgeError('server_error', 'Please try again.');
  return { deviceCode, userCode: code };
}

/** The device's description for a pending user code, read without using the code up. */
export async function pendingClient(store: Store, rawCode: unknown): Promise<string | undefined> {
  const code = normaliseUserCode(rawCode);
  const h = code.length === 8 ? await store.get(k.user(code)) : undefined;
  const rec = h ? await store.get(k.device(h)) : undefined;
  return rec ? (JSON.parse(rec) as DeviceRecord).client : undefined;
}

/** The signed-in browser user approves or denies; a user code works once. */
export async function decide(store: Store, rawCode: unknown, d: Decision, now: number): Promise<void> {
  const code = normaliseUserCode(rawCode);
  const h = code.length === 8 ? await store.consume(k.user(code)) : undefined;
  const rec = h ? await store.get(k.device(h)) : undefined;
  if (!h || !rec) throw new BridgeError('invalid_grant', 'That code is not valid or has expired. Check the code shown in your terminal.');
  const ttl = Math.max(1, Math.ceil(((JSON.parse(rec) as DeviceRecord).expiresAt - now) / 1000));
  await store.setIfAbsent(k.decision(h), JSON.stringify(d), ttl);
}

/** One poll at the token endpoint: the approved identity, or the RFC 8628 error. */
export async function poll(store: Store, deviceCode: unknown, now: number): Promise<{ identity: Identity; sessionExpiresAt: number }> {
  if (typeof deviceCode !== 'string' || deviceCode.length === 0 || deviceCode.length > 200) throw new BridgeError('invalid_request', 'device_code is required.');
  const h = digest(deviceCode);
  const rec = await store.get(k.device(h));
  if (!rec) throw new BridgeError('expired_token', 'The device code has expired: start again.');
  const decision = await store.consume(k.decision(h));
  if (decision) {
    await store.delete(k.device(h));
    const d = JSON.parse(decision) as Decision;
    if (!d.approved || !d.identity || !d.sessionExpiresAt) throw new BridgeError('access_denied', 'The request was denied in the browser.');
    return { identity: d.identity, sessionExpiresAt: d.sessionExpiresAt };
  }
  const clockRaw = await store.get(k.poll(h));
  const clock: PollClock = clockRaw ? (JSON.parse(clockRaw) as PollClock) : { last: 0, interval: POLL_INTERVAL_SEC };
  const tooSoon = now - clock.last < clock.interval * 1000;
  const next: PollClock = { last: now, interval: tooSoon ? clock.interval + 5 : clock.interval };
  await store.set(k.poll(h), JSON.stringify(next), DEVICE_TTL_SEC);
  if (tooSoon) throw new BridgeError('slow_down', 'Polling too fast.', { extra: { interval: next.interval } });
  throw new BridgeError('authorization_pending', 'Waiting for approval in the browser.');
}
