// The console sign-in URL for credentials just issued, with its audit event:
// one place for the browser's button and the CLI, so both use the outbound
// (proxied) fetch and audit the same way.
import type { Response } from 'express';
import { consoleSigninUrl } from '../aws/console.js';
import { toBridgeError } from '../errors.js';
import { who, type Identity } from '../identity.js';
import { outboundFor } from '../net/outbound.js';
import type { Issued, RequestContext } from '../service/issue.js';
import type { BridgeContext } from './context.js';

export interface ConsoleUrlRequest {
  identity: Identity;
  issued: Issued;
  destination: string;
  rc: RequestContext;
  /** Extra audit fields (the CLI marks its own: `via: 'cli'`). */
  auditExtra?: Record<string, unknown>;
}

export async function consoleUrlFor(ctx: BridgeContext, res: Response, r: ConsoleUrlRequest): Promise<string> {
  const base = { role: r.issued.role.arn, user: who(r.identity), idp: r.identity.idp, ...r.auditExtra, ...r.rc };
  try {
    const url = await consoleSigninUrl({
      federationEndpoint: ctx.federationEndpoint, credentials: r.issued.credentials,
      issuer: `${ctx.publicBaseUrl}/`, destination: r.destination, fetchImpl: outboundFor(ctx.config).fetch,
    });
    ctx.audit.emit({ event: 'console_url', outcome: 'success', ...base });
    return url;
  } catch (e) {
    const err = toBridgeError(e);
    ctx.audit.emit({ event: 'console_url', outcome: 'failure', reason: err.code, detail: err.detail, ...base });
    res.locals.audited = true;
    throw err;
  }
}
