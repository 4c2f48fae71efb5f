// POST <acsPath> (default /saml/aws-passthrough/<idp>): the upstream IdP posts
// here, IdP-initiated, the assertion it addressed to AWS. The bridge verifies
// it, offers the Role pairs the rules allow, and on POST <acsPath>/assume
// forwards it unchanged to AssumeRoleWithSAML for the chosen one.
import { Router } from 'express';
import { assertionToIdentity } from '../connectors/saml-claims.js';
import type { SamlIdpConfig } from '../config/schema.js';
import { BridgeError } from '../errors.js';
import { who, type Identity } from '../identity.js';
import type { GrantedRole } from '../roles/map.js';
import type { BridgeContext } from '../web/context.js';
import { durationInput } from '../web/inputs.js';
import type { Limiter } from '../web/rate-limit.js';
import { reqCtx } from '../web/request-context.js';
import { assumePassThrough } from './assume.js';
import { choosePage, passThroughCredentialsPage } from './pages.js';
import { savePending, takePending } from './pending.js';
import { allowedPairs, rolePairs } from './roles.js';
import { verifyPassThrough } from './verify.js';

export interface PassThroughIdp { config: SamlIdpConfig; path: string; idpIssuer: string; idpCerts: string[] }

export const passThroughPath = (idp: SamlIdpConfig): string => idp.passThrough?.acsPath ?? `/saml/aws-passthrough/${idp.id}`;

export function passThroughRoutes(ctx: BridgeContext, limits: Limiter, idps: PassThroughIdp[]): Router {
  const r = Router();
  for (const idp of idps) {
    r.post(idp.path, limits.byIp('acs'), async (req, res) => {
      const v = await verifyPassThrough(req.body?.SAMLResponse, {
        idpIssuer: idp.idpIssuer, idpCerts: idp.idpCerts, wantResponseSigned: idp.config.wantResponseSigned,
        allowSha1: idp.config.insecureAllowSha1, clockSkewSec: ctx.config.clockSkewSec,
      });
      const now = ctx.clock();
      const ttlSec = Math.ceil(((v.assertion.notOnOrAfter ?? now + 300_000) - now) / 1000) + ctx.config.clockSkewSec;
      // One use at the bridge, as at its own ACS (AWS itself accepts repeats until expiry).
      if (!(await ctx.store.setIfAbsent(`saml-passthrough-id:${idp.config.id}:${v.assertion.id}`, '1', Math.max(60, ttlSec)))) {
        throw new BridgeError('replay_detected', 'This sign-in response was already used. Please sign in again.', { detail: `replay: pass-through assertion ${v.assertion.id}` });
      }
      const identity = assertionToIdentity(idp.config, v.assertion, Math.floor(now / 1000));
      const { decision } = await ctx.issuer.decideResolved(identity, reqCtx(req, res));
      const offered = rolePairs(v.assertion.attributes);
      // A role whose rule wants a recent sign-in is offered only when the assertion's AuthnInstant is recent enough.
      const granted = allowedPairs(offered, decision.roles);
      const allowed = granted.filter((p) => recentEnough(ctx, identity, p.granted));
      const tooOld = granted.filter((p) => !allowed.includes(p)).map((p) => p.roleArn);
      ctx.audit.emit({ event: 'sign_in', outcome: allowed.length ? 'success' : 'failure', ...(allowed.length ? {} : { reason: 'role_not_granted' }), passThrough: true, idp: idp.config.id, user: who(identity), subject: identity.subject, offered: offered.map((p) => p.roleArn), allowed: allowed.map((p) => p.roleArn), ...(tooOld.length ? { tooOld } : {}), assertionId: v.assertion.id, ...reqCtx(req, res) });
      res.locals.audited = true;
      if (allowed.length === 0 && tooOld.length > 0) throw new BridgeError('login_required', 'Your sign-in at your identity provider is too old for these roles. Please sign in there again.', { detail: `reauthentication: pass-through AuthnInstant too old for ${tooOld.join(',').slice(0, 300)}` });
      if (allowed.length === 0) throw new BridgeError('role_not_granted', 'None of the AWS roles in your identity provider\'s assertion is granted to you by the bridge\'s rules.');
      const pairs = allowed.map((p) => ({ roleArn: p.roleArn, providerArn: p.providerArn, ...(p.granted.maxSessionSec ? { maxSessionSec: p.granted.maxSessionSec } : {}) }));
      const handle = await savePending(ctx.store, { idp: idp.config.id, user: who(identity), subject: identity.subject, assertionId: v.assertion.id, base64: v.base64, pairs }, ttlSec);
      res.set('Cache-Control', 'no-store').type('html').send(choosePage(`${idp.path}/assume`, handle, who(identity), pairs));
    });

    r.post(`${idp.path}/assume`, limits.byIp('acs'), async (req, res) => {
      const p = await takePending(ctx.store, req.body?.handle);
      const pair = p.pairs.find((x) => x.roleArn === req.body?.role);
      if (!pair) {
        ctx.audit.emit({ event: 'sts_call', outcome: 'failure', reason: 'role_not_granted', passThrough: true, idp: p.idp, user: p.user, role: String(req.body?.role ?? '').slice(0, 300), ...reqCtx(req, res) });
        res.locals.audited = true;
        throw new BridgeError('role_not_granted', 'That role is not granted to your account.');
      }
      const asked = durationInput(req.body?.duration) ?? ctx.config.aws.defaultSessionSec;
      const durationSec = Math.min(asked, pair.maxSessionSec ?? 43_200);
      const out = await assumePassThrough(ctx.issuer.sts, ctx.audit, p, pair, durationSec, reqCtx(req, res));
      res.locals.audited = true;
      res.set('Cache-Control', 'no-store').set('Pragma', 'no-cache').type('html')
        .send(passThroughCredentialsPage(pair.roleArn, out.credentials, out.durationSec, ctx.config.aws.region, out.durationNote));
    });
  }
  return r;
}

function recentEnough(ctx: BridgeContext, identity: Identity, role: GrantedRole): boolean {
  try { ctx.issuer.checkAuthAge(identity, role); return true; } catch { return false; }
}
