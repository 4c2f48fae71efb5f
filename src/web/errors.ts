// Turns any error into the right answer for the client: a readable page for a
// browser, `{ error, error_description }` for an API client; never a stack
// trace. The audit trail and log get the private detail.
import type { ErrorRequestHandler, Request } from 'express';
import type { Audit } from '../audit.js';
import { BridgeError, isBridgeError, toBridgeError } from '../errors.js';
import { who } from '../identity.js';
import { logger } from '../log.js';
import { errorPage } from './pages.js';

const TITLES: Record<string, string> = {
  store_unavailable: 'Temporarily unavailable', rate_limited: 'Too many requests',
  groups_unavailable: 'No group information', directory_unavailable: 'Directory unavailable',
  no_roles_mapped: 'No AWS roles', role_not_granted: 'Role not granted', login_required: 'Please sign in',
  csrf_failed: 'Form expired', invalid_saml_response: 'Sign-in failed', invalid_token: 'Sign-in failed',
  replay_detected: 'Sign-in failed', idp_unavailable: 'Sign-in provider unavailable', sts_refused: 'AWS refused', sts_unavailable: 'AWS unavailable', not_found: 'Not found',
};

/** Parser errors (http-errors with a 4xx status) are the client's fault, not ours. */
function classify(err: unknown): BridgeError {
  if (isBridgeError(err)) return err;
  const status = (err as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const msg = status === 413 ? 'The request is too large.' : 'The request could not be read.';
    return new BridgeError('invalid_request', msg, { status, detail: (err as Error).message });
  }
  return toBridgeError(err);
}

export const isApi = (req: Request) => req.path.startsWith('/api/');

export function errorHandler(audit: Audit): ErrorRequestHandler {
  const log = logger('web');
  return (err, req, res, _next) => {
    const e = classify(err);
    const code = e.code;
    const httpStatus = e.status;
    const message = e.message;
    const correlationId = res.locals.correlationId as string;
    if (!res.locals.audited) {
      audit.emit({ event: 'request_refused', outcome: 'failure', reason: code, detail: e.detail, method: req.method, path: req.path, sourceIp: req.ip, correlationId, ...(req.session?.identity ? { user: who(req.session.identity), idp: req.session.identity.idp } : {}) });
    }
    if (httpStatus >= 500) log.error({ code, detail: e.detail, correlationId }, 'request failed');
    else log.info({ code, detail: e.detail, correlationId }, 'request refused');
    if (res.headersSent) return;
    res.status(httpStatus).set('Cache-Control', 'no-store');
    // The shared store comes back by itself; tell clients when to try again.
    if (code === 'store_unavailable' && !res.get('Retry-After')) res.set('Retry-After', '5');
    if (isApi(req)) {
      res.json({ error: code, error_description: message, ...(e.extra ?? {}), correlation_id: correlationId });
    } else {
      res.type('html').send(errorPage(TITLES[code] ?? 'Something went wrong', message, correlationId, signedIn(req)));
    }
  };
}

/** Keeps the "Signed in as / Sign out" header on error pages of a signed-in session. */
function signedIn(req: Request): { user: string; csrf: string } | undefined {
  const { identity, csrf } = req.session ?? {};
  return identity && csrf ? { user: who(identity), csrf } : undefined;
}
