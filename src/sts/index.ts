// Local AWS: an STS (and console federation endpoint) that validates like the
// real one, for running sts-bridge with no AWS account and no network.
import express from 'express';
import { logger } from '../log.js';
import { loadModel, type IamModel } from './model.js';
import { MemorySessionStore, type SessionStore } from './credentials.js';
import { Trail } from './trail.js';
import { queryApi } from './server.js';
import { Federation } from './federation.js';
import { errorXml } from './xml.js';
import { BODY_LIMIT, bodyError } from './body-limit.js';
import { randomUUID } from 'node:crypto';
import { memoryReplayCache, type ReplayCache, type Runtime } from './runtime.js';

export type { IamModel } from './model.js';
export type { SessionRecord, SessionStore } from './credentials.js';
export type { ReplayCache } from './runtime.js';
export { StsError } from './errors.js';

export interface LocalAwsOptions {
  modelFile: string;                 // YAML IAM model; relative paths inside it resolve against process.cwd()
  publicUrl: string;                 // where this server is reachable, e.g. http://127.0.0.1:3002 (no trailing slash)
  trailFile?: string;                // CloudTrail-shaped JSON-lines file; default none
  clock?: () => number;              // ms since epoch; default Date.now
  mode?: 'development' | 'production';
  region?: string;                   // SigV4 credential-scope region to accept; default us-east-1
  /** Extra values for ${name} in the model's file paths (override the file's `vars`). */
  vars?: Record<string, string>;
  /** Refuse a SAML assertion ID seen before. Default false: real STS accepts reuse until expiry. */
  samlOneTimeUse?: boolean;
  /** Clock skew tolerated on SAML NotBefore/NotOnOrAfter; default 60 s. */
  samlSkewMs?: number;
  /** Replace the in-memory session map (e.g. with a shared store). */
  sessionStore?: SessionStore;
  /** Replace the in-memory one-time-use set (strict mode) with a shared one. */
  replayCache?: ReplayCache;
}

export interface LocalAws {
  handler: import('express').Express;
  model: IamModel;
  close(): Promise<void>;
}

export async function createLocalAws(opts: LocalAwsOptions): Promise<LocalAws> {
  const clock = opts.clock ?? Date.now;
  const model = loadModel(opts.modelFile, opts.vars);
  const rt: Runtime = {
    model,
    store: opts.sessionStore ?? new MemorySessionStore(clock),
    clock,
    region: opts.region ?? 'us-east-1',
    mode: opts.mode ?? 'development',
    samlSkewMs: opts.samlSkewMs ?? 60_000,
    samlOneTimeUse: opts.samlOneTimeUse ?? false,
    replay: opts.replayCache ?? memoryReplayCache(clock),
  };
  const log = logger('local-aws');
  const trail = new Trail(opts.trailFile);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  // Raw bytes are needed to verify SigV4 payload hashes; 100000-char assertions url-encode to < 400 KB.
  app.use(express.raw({ type: () => true, limit: BODY_LIMIT }));
  app.use(new Federation(rt, opts.publicUrl.replace(/\/+$/, '')).router());
  const api = queryApi(rt, trail, log);
  app.post('/', api);
  app.get('/', api);
  app.use((_req, res) => void res.status(404).type('text').send('Not Found\n'));
  // Body-parser failures (over 512 KB, bad encoding) still answer in STS's XML envelope.
  app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const e = bodyError(err);
    log.info({ err, code: e.code }, 'request rejected before dispatch');
    res.status(e.status).type('text/xml').send(errorXml(e, randomUUID()));
  });
  return {
    handler: app,
    model,
    async close() {
      await trail.flush();
      await rt.store.close();
    },
  };
}
