// Servers for bench/sts.ts, one per child process: the local STS itself, or a
// floor that does only the crypto no STS can avoid on the same request body.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compactVerify, importJWK, type JWK } from 'jose';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { createLocalAws } from '../src/sts/index.js';

const DS = 'http://www.w3.org/2000/09/xmldsig#';

function form(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
  });
}

async function floorHandler(kind: string, dir: string): Promise<(req: IncomingMessage, res: ServerResponse) => void> {
  if (kind === 'floor-jwt') {
    const jwk = (JSON.parse(readFileSync(join(dir, 'jwks.json'), 'utf8')) as { keys: JWK[] }).keys[0]!;
    const key = await importJWK(jwk, 'RS256');
    return (req, res) => void form(req).then(async (p) => {
      try { await compactVerify(p.get('WebIdentityToken') ?? '', key, { algorithms: ['RS256'] }); res.end('<ok/>'); } catch { res.statusCode = 400; res.end('<bad/>'); }
    });
  }
  const md = readFileSync(join(dir, 'idp-metadata.xml'), 'utf8');
  const cert = `-----BEGIN CERTIFICATE-----\n${/<ds:X509Certificate>([^<]+)</.exec(md)![1]!.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
  return (req, res) => void form(req).then((p) => {
    const xml = Buffer.from(p.get('SAMLAssertion') ?? '', 'base64').toString('utf8');
    const sig = new DOMParser().parseFromString(xml, 'text/xml').getElementsByTagNameNS(DS, 'Signature')[0];
    const sx = new SignedXml({ publicCert: cert, getCertFromKeyInfo: () => null });
    let ok = false;
    try { if (sig) { sx.loadSignature(sig); ok = sx.checkSignature(xml); } } catch { ok = false; }
    res.statusCode = ok ? 200 : 400;
    res.end(ok ? '<ok/>' : '<bad/>');
  });
}

export async function serve(kind: string, dir: string): Promise<void> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  if (kind === 'sts') {
    const aws = await createLocalAws({ modelFile: join(dir, 'model.yaml'), publicUrl: `http://127.0.0.1:${port}` });
    server.on('request', aws.handler);
  } else {
    server.on('request', await floorHandler(kind, dir));
  }
  process.on('SIGTERM', () => process.exit(0));
  console.log(JSON.stringify({ port }));
}
