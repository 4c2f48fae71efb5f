// The bridge's Express application: security middleware, sessions, routes.
import { randomUUID } from 'node:crypto';
import express from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { BridgeError } from '../errors.js';
import type { BridgeContext } from './context.js';
import { cookieNames } from './cookie-names.js';
import { errorHandler } from './errors.js';
import { STYLE } from './html.js';
import { loginPage } from './pages.js';
import { apiRoutes } from './routes/api.js';
import { loginRoutes } from './routes/login.js';
import { metadataRoutes } from './routes/metadata.js';
import { nativeRoutes } from './routes/native.js';
import { roleRoutes } from './routes/roles.js';
import { WEB_IDENTITY_API, webIdentityRoutes } from '../webidentity/routes.js';
import { passThroughRoutes } from '../passthrough/routes.js';
import { BridgeSessionStore } from './session-store.js';
import { guardRoleRequest } from './auth-age.js';
import { limiterFor } from './rate-limit.js';

export function createApp(ctx: BridgeContext): express.Express {
  const app = express();
  const secure = ctx.publicBaseUrl.startsWith('https://');
  app.set('trust proxy', ctx.config.trustProxy);
  app.disable('x-powered-by');
  app.locals.cookieNames = cookieNames(ctx.publicBaseUrl);
  app.locals.publicBaseUrl = ctx.publicBaseUrl;

  app.use((_req, res, next) => {
    res.locals.correlationId = randomUUID();
    res.set('X-Request-Id', res.locals.correlationId as string);
    next();
  });
  app.use(helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"], styleSrc: ["'self'"], imgSrc: ["'self'"], baseUri: ["'none'"], frameAncestors: ["'none'"],
        // The console button's POST ends in a redirect to the federation endpoint.
        formAction: ["'self'", new URL(ctx.federationEndpoint).origin],
      },
    },
    strictTransportSecurity: secure,
  }));
  app.get('/assets/style.css', (_req, res) => { res.type('css').set('Cache-Control', 'public, max-age=3600').send(STYLE); });
  app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  app.get('/favicon.ico', (_req, res) => { res.status(204).end(); });

  // Counted before any body is parsed: a flood costs the bridge as little as possible.
  const limits = limiterFor(ctx);
  app.use('/login', limits.byIp('login'));
  app.use('/saml/acs', limits.byIp('acs'));
  app.use('/oidc/callback', limits.byIp('callback'));
  app.use('/api/v1/credentials', limits.byIp('token'));
  // Its own prefix: '/api/v1/credentials' does not cover '/api/v1/web-identity/...'.
  if (ctx.config.webIdentity.enabled) app.use(WEB_IDENTITY_API, limits.byIp('token'));
  app.use(express.urlencoded({ extended: false, limit: '256kb', parameterLimit: 50 }));
  app.use('/api', express.json({ limit: '64kb' }));
  app.use(session({
    name: app.locals.cookieNames.session,
    secret: ctx.sessionSecret,
    store: new BridgeSessionStore(ctx.store, ctx.config.session.maxAgeSec, ctx.sessionKeyring),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: secure ? true : 'auto', maxAge: ctx.config.session.maxAgeSec * 1000, path: '/' },
  }));
  app.use(ctx.passport.initialize());
  app.post(['/credentials', '/console'], (req, res, next) => { guardRoleRequest(limits, req, res).then(() => next(), next); });

  app.get('/', (req, res) => {
    if (req.session.identity) return res.redirect(303, '/roles');
    res.type('html').send(loginPage(ctx.idps.map((i) => i.config)));
  });
  app.use(loginRoutes(ctx));
  app.use(roleRoutes(ctx));
  app.use(apiRoutes(ctx));
  app.use(metadataRoutes(ctx));
  app.use(nativeRoutes(ctx));
  if (ctx.config.webIdentity.enabled) app.use(webIdentityRoutes(ctx));
  app.use(passThroughRoutes(ctx, limits, ctx.idps.flatMap((i) => (i.passThrough ? [i.passThrough] : []))));
  app.use(() => { throw new BridgeError('not_found', 'There is nothing here.'); });
  app.use(errorHandler(ctx.audit));
  return app;
}
