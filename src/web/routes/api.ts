// The token-exchange API for mobile and web apps: an OIDC ID token from a
// configured provider in, temporary AWS credentials out (JSON).
import { Router } from 'express';
import { peekIssuer } from '../../connectors/id-token.js';
import { identityFromClaims } from '../../connectors/oidc-claims.js';
import { BridgeError } from '../../errors.js';
import { who } from '../../identity.js';
import type { BridgeContext } from '../context.js';
import { limiterFor } from '../rate-limit.js';

export function apiRoutes(ctx: BridgeContext): Router {
  const r = Router();

  r.post('/api/v1/credentials', async (req, res) => {
    const correlationId = res.locals.correlationId as string;
    const base = { sourceIp: req.ip ?? '', correlationId };
    const { id_token: token, role_arn: roleArn, duration_seconds: duration } = (req.body ?? {}) as Record<string, unknown>;
    try {
      if (typeof token !== 'string' || token.length === 0) throw new BridgeError('invalid_request', 'id_token is required.');
      if (roleArn !== undefined && typeof roleArn !== 'string') throw new BridgeError('invalid_request', 'role_arn must be a string.');
      const durationSec = duration === undefined ? undefined : Number(duration);
      if (durationSec !== undefined && !Number.isInteger(durationSec)) throw new BridgeError('invalid_request', 'duration_seconds must be an integer.');
      const iss = peekIssuer(token);
      const idp = ctx.idps.find((i) => i.verifier && i.verifier.issuer === iss);
      if (!idp?.verifier || idp.config.type !== 'oidc') throw new BridgeError('invalid_token', 'The ID token is not from a trusted provider.', { detail: `issuer ${String(iss).slice(0, 200)}` });
      const claims = await idp.verifier.verify(token);
      await limiterFor(ctx).user('token', `${idp.config.id}:${String(claims.sub)}`, res);
      const identity = identityFromClaims(idp.config, claims as Record<string, unknown>, Math.floor(ctx.clock() / 1000));
      ctx.audit.emit({ event: 'token_exchange', outcome: 'success', idp: identity.idp, user: who(identity), subject: identity.subject, ...base });
      const out = await ctx.issuer.assume(identity, roleArn, { ...(durationSec !== undefined ? { durationSec } : {}), ctx: base });
      res.set('Cache-Control', 'no-store').json({
        role_arn: out.role.arn,
        assumed_role_arn: out.assumedRoleArn,
        duration_seconds: out.durationSec,
        ...(out.durationNote ? { duration_note: out.durationNote } : {}),
        credentials: { AccessKeyId: out.credentials.accessKeyId, SecretAccessKey: out.credentials.secretAccessKey, SessionToken: out.credentials.sessionToken, Expiration: out.credentials.expiration },
      });
    } catch (e) {
      // Failures before the STS step are audited here; the issuer audits its own.
      if (e instanceof BridgeError && ['invalid_request', 'invalid_token', 'rate_limited'].includes(e.code)) {
        ctx.audit.emit({ event: 'token_exchange', outcome: 'failure', reason: e.code, detail: e.detail, ...base });
      }
      res.locals.audited = true;
      throw e;
    }
  });

  return r;
}
