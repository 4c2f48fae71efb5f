// An OIDC provider discovered when first needed, not at start-up: one IdP that
// is down must not stop the bridge. Until discovery succeeds, sign-in and token
// exchange for that IdP answer `idp_unavailable`; a failed attempt is retried
// at most every `retrySec`, and a success is kept for the life of the process.
import type { Request } from 'express';
import type { Strategy } from 'openid-client/passport';
import type { StrategyCreatedStatic } from 'passport';
import { BridgeError } from '../errors.js';
import { logger } from '../log.js';
import type { IdTokenVerifier } from './id-token.js';
import type { OidcProvider } from './oidc.js';

export interface LazyOidcOptions {
  idpId: string;
  discover: () => Promise<OidcProvider>;
  retrySec: number;
  clock: () => number;
}

export class LazyOidcProvider {
  private provider: OidcProvider | undefined;
  private inflight: Promise<OidcProvider> | undefined;
  private failedAt: number | undefined;
  private failure = '';
  private readonly log = logger('oidc');

  constructor(private readonly o: LazyOidcOptions) {}

  get(): Promise<OidcProvider> {
    if (this.provider) return Promise.resolve(this.provider);
    if (this.inflight) return this.inflight;
    if (this.failedAt !== undefined && this.o.clock() - this.failedAt < this.o.retrySec * 1000) return Promise.reject(this.unavailable());
    this.inflight = this.o.discover().then(
      (p) => { this.provider = p; this.failedAt = undefined; this.log.info({ idp: this.o.idpId }, 'OIDC discovery succeeded'); return p; },
      (e: unknown) => {
        this.failedAt = this.o.clock();
        this.failure = e instanceof BridgeError ? e.message : String(e);
        this.log.warn({ idp: this.o.idpId, detail: this.failure, retrySec: this.o.retrySec }, 'OIDC discovery failed');
        throw this.unavailable();
      },
    ).finally(() => { this.inflight = undefined; });
    return this.inflight;
  }

  private unavailable(): BridgeError {
    return new BridgeError('idp_unavailable', 'This sign-in provider cannot be reached right now. Please try again shortly or choose another one.', { detail: `${this.o.idpId}: ${this.failure}` });
  }
}

/** Verifies with the provider's JWKS once discovery has named it. */
export function lazyVerifier(issuer: string, provider: LazyOidcProvider, make: (p: OidcProvider) => IdTokenVerifier): IdTokenVerifier {
  let made: IdTokenVerifier | undefined;
  return {
    issuer,
    async verify(token) {
      made ??= make(await provider.get());
      return made.verify(token);
    },
  };
}

/** The passport actions the middleware sets on its per-request copy of a strategy. */
type Actions = StrategyCreatedStatic;

/**
 * A passport strategy that waits for discovery, then hands the request to
 * the real strategy (built once) with this request's actions.
 */
export function lazyStrategy(name: string, provider: LazyOidcProvider, make: (p: OidcProvider) => Strategy): { name: string; authenticate(this: Actions, req: Request, options: object): void } {
  let real: Strategy | undefined;
  return {
    name,
    authenticate(req, options) {
      provider.get().then((p) => {
        real ??= make(p);
        const delegate = Object.assign(Object.create(real) as Strategy, { success: this.success, fail: this.fail, redirect: this.redirect, pass: this.pass, error: this.error });
        delegate.authenticate.call(delegate as never, req, options as never);
      }, (e: unknown) => this.error(e as Error));
    },
  };
}
