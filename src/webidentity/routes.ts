// Web identity paths to STS. The bridge as an OIDC issuer (discovery, JWKS)
// and one API: an upstream ID token in, credentials out through
// AssumeRoleWithWebIdentity, either with a bridge-minted token pinned to the
// chosen role (`mode: minted`) or with the upstream token as it is
// (`mode: pass-through`, where the role's trust policy is the boundary).
import { join } from 'node:path';
import { Router } from 'express';
import { sanitizeSessionName } from '../aws/session-name.js';
import { sessionTagsFor, sourceIdentityFor } from '../aws/tags.js';
import { assumeRoleWithWebIdentity } from '../aws/web-identity.js';
import { peekIssuer } from '../connectors/id-token.js';
import { identityFromClaims } from '../connectors/oidc-claims.js';
import { BridgeError } from '../errors.js';
import { who } from '../identity.js';
import type { BridgeContext } from '../web/context.js';
import { discoveryDocument, issuerUrl, mintRoleToken, WEB_IDENTITY_PATH } from './issuer.js';
import { IssuerKeys } from './keys.js';

export function webIdentityRoutes(ctx: BridgeContext): Router {
  const r = Router();
  const issuer = issuerUrl(ctx.publicBaseUrl);
  const keys = IssuerKeys.open(join(ctx.config.certsDir, 'web-identity-keys.json'), ctx.clock());
  keys.catch(() => {});

  r.get(`${WEB_IDENTITY_PATH}/.well-known/openid-configuration`, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(discoveryDocument(issuer));
  });
  r.get(`${WEB_IDENTITY_PATH}/jwks.json`, async (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json((await keys).jwks());
  });

  r.post('/api/v1/web-identity/credentials', async (req, res) => {
    const base = { sourceIp: req.ip ?? '', correlationId: res.locals.correlationId as string };
    const { id_token: token, role_arn: roleArn, mode = 'minted', duration_seconds: d } = (req.body ?? {}) as Record<string, unknown>;
    if (typeof token !== 'string' || !token) throw new BridgeError('invalid_request', 'id_token is required.');
    if (typeof roleArn !== 'string' || !roleArn) throw new BridgeError('invalid_request', 'role_arn is required.');
    if (mode !== 'minted' && mode !== 'pass-through') throw new BridgeError('invalid_request', 'mode must be minted or pass-through.');
    const idp = ctx.idps.find((i) => i.verifier && i.verifier.issuer === peekIssuer(token));
    if (!idp?.verifier || idp.config.type !== 'oidc') throw new BridgeError('invalid_token', 'The ID token is not from a trusted provider.');
    const claims = await idp.verifier.verify(token);
    const { identity, decision } = await ctx.issuer.decideResolved(identityFromClaims(idp.config, claims as Record<string, unknown>, Math.floor(ctx.clock() / 1000)), base);
    const role = ctx.issuer.choose(decision, roleArn);
    const durationSec = ctx.issuer.duration(role, d === undefined ? undefined : Number(d));
    const session = ctx.issuer.currentRules().session;
    const stsToken = mode === 'pass-through' ? token : await mintRoleToken(await keys, {
      issuer, identity, roleArn: role.arn, tags: sessionTagsFor(identity, session), sourceIdentity: sourceIdentityFor(identity, session), nowSec: Math.floor(ctx.clock() / 1000),
    });
    try {
      const out = await assumeRoleWithWebIdentity(ctx.issuer.sts, { roleArn: role.arn, token: stsToken, sessionName: sanitizeSessionName(identity.email ?? who(identity)), durationSec });
      ctx.audit.emit({ event: 'web_identity', outcome: 'success', action: 'AssumeRoleWithWebIdentity', mode, role: role.arn, durationSec, assumedRoleArn: out.assumedRoleArn, accessKeyId: out.credentials.accessKeyId, idp: identity.idp, user: who(identity), ...base });
      res.set('Cache-Control', 'no-store').json({
        role_arn: role.arn, assumed_role_arn: out.assumedRoleArn, duration_seconds: durationSec, mode,
        credentials: { AccessKeyId: out.credentials.accessKeyId, SecretAccessKey: out.credentials.secretAccessKey, SessionToken: out.credentials.sessionToken, Expiration: out.credentials.expiration },
      });
    } catch (e) {
      const err = e instanceof BridgeError ? e : new BridgeError('sts_unavailable', 'AWS STS could not be reached.', { cause: e });
      ctx.audit.emit({ event: 'web_identity', outcome: 'failure', mode, reason: err.code, detail: err.detail, role: role.arn, idp: identity.idp, user: who(identity), ...base });
      res.locals.audited = true;
      throw err;
    }
  });
  return r;
}
