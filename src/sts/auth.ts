// Resolves a SigV4-signed request to a caller: a long-term IAM user key from
// the model (AKIA…) or a temporary key this STS issued (ASIA… + token).
import type { Request } from 'express';
import { StsError } from './errors.js';
import { sameSecret, type SessionRecord } from './credentials.js';
import { verifySigV4 } from './sigv4.js';
import type { Caller, Runtime } from './runtime.js';

const INVALID = 'The security token included in the request is invalid.';

export function rawHeaders(req: Request): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) out.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return out;
}

export async function authenticate(rt: Runtime, req: Request, body: Buffer): Promise<Caller> {
  const [path, query = ''] = req.originalUrl.split(/\?(.*)/s) as [string, string?];
  let session: SessionRecord | undefined;
  const v = await verifySigV4(
    { method: req.method, path, query, headers: rawHeaders(req), body },
    {
      now: rt.clock(),
      region: rt.region,
      service: 'sts',
      secretFor: async (akid) => {
        if (akid.startsWith('AKIA')) return rt.model.accessKeys.get(akid)?.secret;
        session = akid.startsWith('ASIA') ? await rt.store.get(akid) : undefined;
        return session?.secretAccessKey;
      },
    },
  );
  if (!session) {
    const key = rt.model.accessKeys.get(v.accessKeyId)!;
    if (v.securityToken !== undefined) throw new StsError('InvalidClientTokenId', INVALID, 'session token sent with a long-term key');
    return { kind: 'user', user: key.user, accessKeyId: v.accessKeyId };
  }
  if (v.securityToken === undefined || !sameSecret(v.securityToken, session.sessionToken)) {
    throw new StsError('InvalidClientTokenId', INVALID, 'session token missing or not the one issued with this key');
  }
  if (session.expiration <= rt.clock()) throw new StsError('ExpiredToken', 'The security token included in the request is expired');
  return { kind: 'session', session };
}
