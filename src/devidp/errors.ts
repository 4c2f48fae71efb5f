// The dev IdP's last word on a request: a favicon that is no error, a 404 page
// for unknown paths, and an error handler that answers a small page with the
// right status. Express's own error page would show a stack trace and the
// absolute paths of this checkout to anyone who sends a bad form.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { logger } from '../log.ts';
import { sendError } from './html.ts';

const log = logger('devidp');

/** body-parser's error types, in words a person at a login form can act on. */
const MESSAGES: Record<string, string> = {
  'entity.too.large': 'The form was too large.',
  'parameters.too.many': 'The form had too many fields.',
  'charset.unsupported': 'The form must be sent as UTF-8.',
  'encoding.unsupported': 'The form used a content encoding this server does not accept.',
  'entity.parse.failed': 'The form could not be read.',
  'entity.verify.failed': 'The form could not be read.',
  'request.aborted': 'The request was cut off.',
  'request.size.invalid': 'The form was cut off.',
  'stream.encoding.set': 'The form could not be read.',
};

/** Browsers ask for it on every page; a 404 page would only fill the log. */
export const noFavicon: RequestHandler = (_req, res) => { res.status(204).set('Cache-Control', 'public, max-age=86400').end(); };

export const notFound: RequestHandler = (_req, res) => {
  sendError(res, 404, 'There is no page at this address on the development IdP.', 'Not found');
};

export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const e = (err ?? {}) as { status?: unknown; statusCode?: unknown; type?: unknown };
  const raw = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
  const status = raw >= 400 && raw <= 599 ? raw : 500;
  const type = typeof e.type === 'string' ? e.type : undefined;
  // The type and status are enough to diagnose; the message may quote the request.
  log.warn({ status, type, method: req.method, path: req.path }, 'devidp request failed');
  if (res.headersSent) { req.socket.destroy(); return; }
  const message = (type && MESSAGES[type]) ?? (status < 500 ? 'The request could not be handled.' : 'Something went wrong on the development IdP. Start the sign-in again.');
  sendError(res, status, message, status < 500 ? 'Bad request' : 'Error');
};
