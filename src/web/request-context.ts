// Who asked, for audit events and the issuer: the client IP (as trust proxy
// resolves it) and the request's correlation id.
import type { Request, Response } from 'express';
import type { RequestContext } from '../service/issue.js';

export function reqCtx(req: Request, res: Response): Required<RequestContext> {
  return { sourceIp: req.ip ?? '', correlationId: res.locals.correlationId as string };
}
