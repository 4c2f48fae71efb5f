// GetCallerIdentity needs no permission and cannot be denied; only a valid
// signature from known, unexpired credentials.
import type { ActionSpec, Caller } from '../runtime.js';

export function identityOf(c: Caller): { UserId: string; Account: string; Arn: string } {
  return c.kind === 'user'
    ? { UserId: c.user.userId, Account: c.user.accountId, Arn: c.user.arn }
    : { UserId: c.session.userId, Account: c.session.accountId, Arn: c.session.arn };
}

export const getCallerIdentity: ActionSpec = {
  auth: 'sigv4',
  async run(_rt, req, trail) {
    const id = identityOf(req.caller!);
    trail.recipientAccountId = id.Account;
    return { result: id, trail };
  },
};
