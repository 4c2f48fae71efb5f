// The API the sts-bridge CLI calls: token endpoint (loopback code + PKCE, or
// device code), device authorization, and, with the CLI session as a Bearer
// token, roles, credentials and console URLs through the same
// CredentialIssuer (same rules, same audit) as the browser. Revocation too.
import { Router, type Request, type Response } from 'express';
import { BridgeError } from '../../errors.js';
import { who, type Identity } from '../../identity.js';
import { cliSessionFromHeader, createCliSession, revokeCliSession, TOKEN_PREFIX, type CliSession } from '../../native/cli-session.js';
import { clientDescription } from '../../native/client-description.js';
import { redeemCode } from '../../native/code-grant.js';
import { DEVICE_TTL_SEC, poll, POLL_INTERVAL_SEC, startDevice } from '../../native/device-grant.js';
import type { BridgeContext } from '../context.js';
import { consoleUrlFor } from '../console-url.js';
import { credentialsJson } from '../credentials-json.js';
import { roleAndDuration } from '../inputs.js';
import { limiterFor } from '../rate-limit.js';
import { reqCtx } from '../request-context.js';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** Console destinations stay on the console's own origin. */
function destination(ctx: BridgeContext, raw: unknown): string {
  if (raw === undefined || raw === '') return ctx.consoleDestination;
  const origin = new URL(ctx.consoleDestination).origin;
  let u: URL | undefined;
  try { u = typeof raw === 'string' ? new URL(raw, origin) : undefined; } catch { u = undefined; }
  if (!u || u.origin !== origin) throw new BridgeError('invalid_request', `destination must be a path or a URL on ${origin}.`);
  return u.href;
}

export function nativeApiRoutes(ctx: BridgeContext): Router {
  const r = Router();
  const limits = limiterFor(ctx);
  /** The CLI session behind the Bearer token, counted against the same per-user limit as the browser. */
  const bearer = async (req: Request, res: Response) => {
    const { session } = await cliSessionFromHeader(ctx.store, req.headers.authorization, ctx.clock());
    await limits.user('cli', `${session.identity.idp}:${session.identity.subject}`, res);
    return session;
  };
  r.use(['/api/native/token', '/api/native/device', '/api/native/revoke'], limits.byIp('native'));

  const mint = async (req: Request, res: Response, identity: Identity, sessionExpiresAt: number, grant: CliSession['grant']) => {
    const now = ctx.clock();
    const { token, expiresIn } = await createCliSession(ctx.store, { identity, issuedAt: now, expiresAt: sessionExpiresAt, grant }, now);
    ctx.audit.emit({ event: 'sign_in', outcome: 'success', grant: `cli_${grant}`, idp: identity.idp, user: who(identity), subject: identity.subject, groups: identity.groups, ...reqCtx(req, res) });
    res.set('Cache-Control', 'no-store').json({ token_type: 'Bearer', refresh_token: token, expires_in: expiresIn, user: who(identity), idp: identity.idp });
  };

  r.post('/api/native/token', async (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.grant_type === 'authorization_code') {
      const c = await redeemCode(ctx.store, body.code, body.code_verifier, body.redirect_uri);
      return mint(req, res, c.identity, c.sessionExpiresAt, 'loopback');
    }
    if (body.grant_type === DEVICE_GRANT) {
      try {
        const d = await poll(ctx.store, body.device_code, ctx.clock());
        return mint(req, res, d.identity, d.sessionExpiresAt, 'device');
      } catch (e) {
        // Waiting is the normal state of a poll, not a refusal worth an audit line.
        if (e instanceof BridgeError && (e.code === 'authorization_pending' || e.code === 'slow_down')) res.locals.audited = true;
        throw e;
      }
    }
    throw new BridgeError('invalid_request', 'grant_type must be authorization_code or the device_code grant.');
  });

  r.post('/api/native/device', async (req, res) => {
    const client = clientDescription((req.body as Record<string, unknown> | undefined)?.client_description);
    const { deviceCode, userCode } = await startDevice(ctx.store, ctx.clock(), client);
    const uri = `${ctx.publicBaseUrl}/device`;
    res.set('Cache-Control', 'no-store').json({
      device_code: deviceCode, user_code: userCode, verification_uri: uri,
      verification_uri_complete: `${uri}?user_code=${encodeURIComponent(userCode)}`, expires_in: DEVICE_TTL_SEC, interval: POLL_INTERVAL_SEC,
    });
  });

  r.get('/api/native/roles', async (req, res) => {
    const s = await bearer(req, res);
    const { decision } = await ctx.issuer.decideResolved(s.identity, reqCtx(req, res));
    res.set('Cache-Control', 'no-store').json({
      user: who(s.identity), idp: s.identity.idp, session_expires_at: new Date(s.expiresAt).toISOString(), region: ctx.config.aws.region,
      roles: decision.roles.map((g) => ({ arn: g.arn, name: g.name, account_id: g.accountId, account_alias: g.accountAlias ?? null, max_session_sec: g.maxSessionSec ?? null })),
    });
  });

  /** The body's role and duration through the issuer. */
  const issue = (req: Request, res: Response, identity: Identity) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { roleArn, durationSec } = roleAndDuration(body.role_arn, body.duration_seconds, false);
    return ctx.issuer.assume(identity, roleArn, { ...(durationSec !== undefined ? { durationSec } : {}), ctx: reqCtx(req, res) });
  };

  r.post('/api/native/credentials', async (req, res) => {
    const s = await bearer(req, res);
    const out = await issue(req, res, s.identity);
    res.locals.audited = true;
    res.set('Cache-Control', 'no-store').json({
      role_arn: out.role.arn, assumed_role_arn: out.assumedRoleArn, duration_seconds: out.durationSec, region: ctx.config.aws.region,
      credentials: credentialsJson(out.credentials),
    });
  });

  r.post('/api/native/console', async (req, res) => {
    const s = await bearer(req, res);
    const dest = destination(ctx, (req.body as Record<string, unknown> | undefined)?.destination);
    const out = await issue(req, res, s.identity);
    const url = await consoleUrlFor(ctx, res, { identity: s.identity, issued: out, destination: dest, rc: reqCtx(req, res), auditExtra: { via: 'cli' } });
    res.set('Cache-Control', 'no-store').json({ url });
  });

  // RFC 7009 style: always 200, whether or not the token was live.
  r.post('/api/native/revoke', async (req, res) => {
    const token = (req.body as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX) || token.length > 200) throw new BridgeError('invalid_request', 'token is required.');
    const existed = await revokeCliSession(ctx.store, token);
    ctx.audit.emit({ event: 'logout', outcome: 'success', grant: 'cli', revoked: existed, ...reqCtx(req, res) });
    res.set('Cache-Control', 'no-store').json({ revoked: true });
  });

  return r;
}
