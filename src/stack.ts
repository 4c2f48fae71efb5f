// Starts what a configuration asks for: the bridge and, in development, the
// embedded dev IdPs and local AWS, each on its own loopback listener. Tests
// start the same stack with port 0.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import passportPkg from 'passport';
import { createAudit, type Audit } from './audit.js';
import { consoleHost, signinHost, type Partition } from './aws/arn.js';
import { idpMetadataXml } from './aws/idp-metadata.js';
import { createStsClient } from './aws/sts.js';
import type { Config } from './config/schema.js';
import type { DevIdp } from './devidp/index.js';
import { DirectoryRegistry } from './directory/source.js';
import { loadSessionSecret, loadSigner } from './keys/load.js';
import { outboundFor } from './net/outbound.js';
import { loadStoreKeyring } from './keys/store-keys.js';
import { watchRules } from './roles/watch.js';
import { CredentialIssuer } from './service/issue.js';
import { credentialCache, localStsSessions, openStore } from './store/index.js';
import type { LocalAws } from './sts/index.js';
import { createApp } from './web/app.js';
import type { BridgeContext } from './web/context.js';
import { resolveIdps } from './web/idps.js';

export interface StackOptions {
  clock?: () => number;
  /** Extra audit sink (tests collect events). */
  onAudit?: (line: Record<string, unknown>) => void;
}

export interface Stack {
  bridgeUrl: string;
  idpUrl?: string;
  awsUrl?: string;
  context: BridgeContext;
  devIdp?: DevIdp;
  localAws?: LocalAws;
  close(): Promise<void>;
}

interface Listener { server: Server; port: number; attach(handler: RequestListener): void }

/** Ports open first (URLs depend on them); until its app is attached a port answers 503. */
function listen(port: number, host: string): Promise<Listener> {
  let handler: RequestListener = (_req, res) => {
    res.writeHead(503, { 'content-type': 'text/plain', 'retry-after': '1' }).end('starting\n');
  };
  const server = createServer((req, res) => handler(req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, port: (server.address() as AddressInfo).port, attach: (h) => { handler = h; } }));
  });
}

const closeServer = (s: Server) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); });

export function partitionOf(region: string): Partition {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}

export async function startStack(config: Readonly<Config>, opts: StackOptions = {}): Promise<Stack> {
  const clock = opts.clock ?? Date.now;
  const listeners: Listener[] = [];
  const open = async (port: number) => { const l = await listen(port, config.listenHost); listeners.push(l); return l; };
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.reverse()) await c().catch(() => {});
    await Promise.all(listeners.map((l) => closeServer(l.server)));
  };
  try {
    const bridge = await open(config.port);
    const base = (config.publicBaseUrl ?? `http://localhost:${bridge.port}`).replace(/\/+$/, '');
    const audit: Audit = createAudit({ ...(config.auditFile ? { file: config.auditFile } : {}), ...(opts.onAudit ? { onEvent: opts.onAudit } : {}), clock });
    const signer = await loadSigner(config);
    const entityId = config.signing.entityId ?? `${base}/metadata/aws-idp.xml`;
    const metadata = idpMetadataXml(entityId, `${base}/`, signer);
    const partition = partitionOf(config.aws.region);
    const store = await openStore(config, clock);
    closers.push(() => store.close());

    let devIdp: DevIdp | undefined;
    let localAws: LocalAws | undefined;
    let idpUrl: string | undefined;
    let awsUrl: string | undefined;
    if (config.embedded) {
      const e = config.embedded;
      const idpL = await open(e.idpPort);
      const awsL = await open(e.awsPort);
      idpUrl = `http://localhost:${idpL.port}`;
      awsUrl = `http://localhost:${awsL.port}`;
      // Loaded only when embedded: production never imports the development IdPs or STS.
      const { createDevIdp } = await import('./devidp/index.js');
      const { createLocalAws } = await import('./sts/index.js');
      devIdp = await createDevIdp({
        publicUrl: idpUrl, usersFile: e.usersFile, certsDir: config.certsDir, clock,
        oidcClients: config.idps.flatMap((i) => i.type !== 'oidc' || i.issuer !== 'embedded' ? [] : [
          { client_id: i.clientId, ...(i.clientSecret ? { client_secret: i.clientSecret } : {}), redirect_uris: [`${base}/oidc/callback/${i.id}`] },
          ...(i.tokenExchangeAudiences ?? []).filter((a) => a !== i.clientId).map((a) => ({ client_id: a, token_endpoint_auth_method: 'none' as const, redirect_uris: ['http://127.0.0.1/callback'] })),
        ]),
        samlServiceProviders: [{ entityId: `${base}/saml/sp`, acsUrls: config.idps.filter((i) => i.type === 'saml').map((i) => `${base}/saml/acs/${i.id}`) }],
      });
      idpL.attach(devIdp.handler);
      closers.push(() => devIdp!.close());
      // The local STS reads the bridge's metadata as an admin would upload it to IAM.
      // Its entityID names this instance's URL, so each instance (port) has its
      // own copy: a second `npm start` sharing certs/ must not rewrite ours.
      const metadataDir = join(config.certsDir, 'run', String(bridge.port));
      mkdirSync(metadataDir, { recursive: true });
      writeFileSync(join(metadataDir, 'bridge-idp-metadata.xml'), metadata);
      localAws = await createLocalAws({
        modelFile: e.stsModelFile, publicUrl: awsUrl, clock, mode: config.mode, region: config.aws.region,
        vars: { certDir: metadataDir }, ...(e.stsTrailFile ? { trailFile: e.stsTrailFile } : {}), ...localStsSessions(config, store, clock),
      });
      awsL.attach(localAws.handler);
      closers.push(() => localAws!.close());
    }

    const passport = new passportPkg.Passport();
    const idps = await resolveIdps({ config, base, store, passport, devIdp, clock });
    const rules = watchRules(config.rulesFile, { audit });
    closers.push(async () => rules.close());
    const outbound = outboundFor(config);
    closers.push(() => outbound.close());
    const sts = createStsClient({ region: config.aws.region, ...(config.aws.stsEndpoint ? { endpoint: config.aws.stsEndpoint === 'embedded' ? awsUrl! : config.aws.stsEndpoint } : {}), ...(outbound.agents ? { agents: outbound.agents } : {}) });
    closers.push(async () => sts.destroy());
    const issuer = new CredentialIssuer({
      rules: rules.current, signer, entityId, sts, audit, defaultSessionSec: config.aws.defaultSessionSec, partition, ...credentialCache(config, store, clock),
      directories: new DirectoryRegistry(outbound.fetch, clock), clock,
    });
    const fed = config.aws.federationEndpoint;
    const context: BridgeContext = {
      config, publicBaseUrl: base, passport: passport as never, idps, issuer, audit, store, signer, entityId,
      idpMetadataXml: metadata,
      federationEndpoint: fed === 'embedded' ? `${awsUrl}/federation` : fed ?? `https://${signinHost(partition)}/federation`,
      consoleDestination: config.aws.consoleDestination ?? `https://${consoleHost(partition)}/`,
      sessionSecret: loadSessionSecret(config),
      ...(config.store.type === 'redis' ? { sessionKeyring: loadStoreKeyring(config) } : {}),
      clock,
    };
    bridge.attach(createApp(context));
    return { bridgeUrl: base, ...(idpUrl ? { idpUrl } : {}), ...(awsUrl ? { awsUrl } : {}), context, ...(devIdp ? { devIdp } : {}), ...(localAws ? { localAws } : {}), close };
  } catch (e) {
    await close();
    throw e;
  }
}
