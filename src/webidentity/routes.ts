// Web identity paths to STS. The bridge as an OIDC issuer (discovery, JWKS)
// and one API: an upstream ID token in, credentials out through
// AssumeRoleWithWebIdentity, either with a bridge-minted token pinned to the
// chosen role (`mode: minted`) or with the upstream token as it is
// (`mode: pass-through`, where the role's trust policy is the boundary).
// Mounted only with `webIdentity.enabled`; the rule checks (recent sign-in,
// duration) are the issuer's own, and the rate limits those of token exchange.
import { join } from 'node:path';
import { Router } from 'express';
import { sanitizeSessionName } from '../aws/session-name.js';
import { sessionTagsFor, sourceIdentityFor } from '../aws/tags.js';
import { assumeRoleWithWebIdentity } from '../aws/web-identity.js';
import { BridgeError } from '../errors.js';
import { who } from '../identity.js';
import type { BridgeContext } from '../web/context.js';
import { credentialsJson } from '../web/credentials-json.js';
import { identityFromIdToken } from '../web/id-token-identity.js';
import { roleAndDuration } from '../web/inputs.js';
import { limiterFor } from '../web/rate-limit.js';
import { reqCtx } from '../web/request-context.js';
import { discoveryDocument, issuerUrl, mintRoleToken, WEB_IDENTITY_PATH } from './issuer.js';
import { IssuerKeys } from './keys.js';

export const WEB_IDENTITY_API = '/api/v1/web-identity/credentials';

/** Where the issuer's keys live: the configured file, else one generated under certsDir (development). */
export function webIdentityKeyFile(config: BridgeContext['config']): string {
  return config.webIdentity.keyFile ?? join(config.certsDir, 'web-identity-keys.json');
}

export function webIdentityRoutes(ctx: BridgeContext): Router {
  const r = Router();
  const issuer = issuerUrl(ctx.publicBaseUrl);
  const keys = IssuerKeys.open(webIdentityKeyFile(ctx.config), ctx.clock(), { generate: ctx.config.mode !== 'production' });
  keys.catch(() => {});

  r.get(`${WEB_IDENTITY_PATH}/.well-known/openid-configuration`, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(discoveryDocument(issuer));
  });
  r.get(`${WEB_IDENTITY_PATH}/jwks.json`, async (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json((await keys).jwks());
  });

  r.post(WEB_IDENTITY_API, async (req, res) => {
    const base = reqCtx(req, res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const mode = body.mode ?? 'minted';
    if (mode !== 'minted' && mode !== 'pass-through') throw new BridgeError('invalid_request', 'mode must be minted or pass-through.');
    const { roleArn, durationSec: asked } = roleAndDuration(body.role_arn, body.duration_seconds, true);
    const token = body.id_token as string;
    const verified = await identityFromIdToken(ctx, token);
    await limiterFor(ctx).user('token', `${verified.identity.idp}:${verified.identity.subject}`, res);
    // The issuer audits the refusals of its rule checks (recent sign-in, role, duration).
    const { identity, role, durationSec } = await ctx.issuer.authorize(verified.identity, roleArn, {
      ...(asked !== undefined ? { durationSec: asked } : {}), ctx: base, auditAs: { event: 'web_identity', mode },
    }).catch((e: unknown) => { res.locals.audited = true; throw e; });
    const session = ctx.issuer.currentRules().session;
    const stsToken = mode === 'pass-through' ? token : await mintRoleToken(await keys, {
      issuer, identity, roleArn: role.arn, tags: sessionTagsFor(identity, session), sourceIdentity: sourceIdentityFor(identity, session), nowSec: Math.floor(ctx.clock() / 1000),
    });
    try {
      const out = await assumeRoleWithWebIdentity(ctx.issuer.sts, { roleArn: role.arn, token: stsToken, sessionName: sanitizeSessionName(identity.email ?? who(identity)), durationSec });
      ctx.audit.emit({ event: 'web_identity', outcome: 'success', action: 'AssumeRoleWithWebIdentity', mode, role: role.arn, durationSec, assumedRoleArn: out.assumedRoleArn, accessKeyId: out.credentials.accessKeyId, idp: identity.idp, user: who(identity), ...base });
      res.set('Cache-Control', 'no-store').json({ role_arn: role.arn, assumed_role_arn: out.assumedRoleArn, duration_seconds: durationSec, mode, credentials: credentialsJson(out.credentials) });
    } catch (e) {
      const err = e instanceof BridgeError ? e : new BridgeError('sts_unavailable', 'AWS STS could not be reached.', { cause: e });
      ctx.audit.emit({ event: 'web_identity', outcome: 'failure', mode, reason: err.code, detail: err.detail, role: role.arn, idp: identity.idp, user: who(identity), ...base });
      res.locals.audited = true;
      throw err;
    }
  });
  return r;
}
