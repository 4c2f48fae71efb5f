// The token-exchange API for mobile and web apps: an OIDC ID token from a
// configured provider in, temporary AWS credentials out (JSON).
import { Router } from 'express';
import { BridgeError } from '../../errors.js';
import { who } from '../../identity.js';
import type { BridgeContext } from '../context.js';
import { credentialsJson } from '../credentials-json.js';
import { identityFromIdToken } from '../id-token-identity.js';
import { roleAndDuration } from '../inputs.js';
import { limiterFor } from '../rate-limit.js';
import { reqCtx } from '../request-context.js';

/** Failures before the STS step that the route audits itself; the issuer audits its own. */
export const EXCHANGE_REFUSALS = ['invalid_request', 'invalid_token', 'rate_limited', 'idp_unavailable'];

export function apiRoutes(ctx: BridgeContext): Router {
  const r = Router();

  r.post('/api/v1/credentials', async (req, res) => {
    const base = reqCtx(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    try {
      const { roleArn, durationSec } = roleAndDuration(body.role_arn, body.duration_seconds, false);
      const { identity } = await identityFromIdToken(ctx, body.id_token);
      await limiterFor(ctx).user('token', `${identity.idp}:${identity.subject}`, res);
      ctx.audit.emit({ event: 'token_exchange', outcome: 'success', idp: identity.idp, user: who(identity), subject: identity.subject, ...base });
      const out = await ctx.issuer.assume(identity, roleArn, { ...(durationSec !== undefined ? { durationSec } : {}), ctx: base });
      res.set('Cache-Control', 'no-store').json({
        role_arn: out.role.arn,
        assumed_role_arn: out.assumedRoleArn,
        duration_seconds: out.durationSec,
        region: ctx.config.aws.region,
        ...(out.durationNote ? { duration_note: out.durationNote } : {}),
        credentials: credentialsJson(out.credentials),
      });
    } catch (e) {
      if (e instanceof BridgeError && EXCHANGE_REFUSALS.includes(e.code)) {
        ctx.audit.emit({ event: 'token_exchange', outcome: 'failure', reason: e.code, detail: e.detail, ...base });
      }
      res.locals.audited = true;
      throw e;
    }
  });

  // Any other method on the API path: say which one works (405), not "nothing here".
  r.all('/api/v1/credentials', (_req, res) => {
    res.set('Allow', 'POST');
    throw new BridgeError('invalid_request', 'Use POST with a JSON body: { "id_token": "…", "role_arn": "…" }.', { status: 405 });
  });

  return r;
}
