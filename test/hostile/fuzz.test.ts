// Property-based fuzzing of the SAML and JWT inputs: whatever fast-check
// throws at the ACS and the token-exchange API, the answer is a clean refusal
// (4xx, stable code, no stack trace) and never a session or credentials.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardSamlPost, DEFAULT_GUARD } from '../../src/connectors/saml-guard.js';
import { BridgeError } from '../../src/errors.js';
import { b64, forgeResponse } from '../helpers/saml-forge.js';
import { HttpClient } from '../helpers/http.js';
import { startTestStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
let signed: string;
beforeAll(async () => {
  stack = await startTestStack((raw) => { raw.rateLimit = { perIp: 100_000, perUser: 100_000 }; });
  const key = { keyPem: readFileSync(join(stack.certsDir, 'dev-saml-idp.key'), 'utf8'), certPem: stack.devIdp!.saml.certPem };
  signed = forgeResponse(key, { idpEntityId: stack.devIdp!.saml.entityId, spEntityId: `${stack.bridgeUrl}/saml/sp`, acsUrl: `${stack.bridgeUrl}/saml/acs/dev-saml`, now: Date.now(), nameId: 'fuzz', groups: ['aws-readonly'], inResponseTo: '_no-such-request' });
});
afterAll(async () => { await stack?.stop(); });

const STACK_TRACE = /\bat [\w.<>]+ \(|node_modules|\.ts:\d+/;

/** A mutation of the signed XML: a slice replaced by fuzz, or a character flipped. */
const mutated = () => fc.tuple(fc.nat(), fc.nat(40), fc.string({ maxLength: 40 })).map(([at, len, ins]) => {
  const i = at % signed.length;
  return signed.slice(0, i) + ins + signed.slice(i + len);
});

describe('fuzz', () => {
  it('the SAML guard only ever throws BridgeError', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), mutated().map(b64), fc.string().map(b64)), (v) => {
      try { guardSamlPost({ method: 'POST', body: { SAMLResponse: v }, query: {} }, { ...DEFAULT_GUARD, allowEncrypted: false, allowSha1: false }); } catch (e) { expect(e).toBeInstanceOf(BridgeError); }
    }), { numRuns: 500 });
  });

  it('the ACS never crashes and never signs in a mutated response', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(mutated().map(b64), fc.string({ maxLength: 200 })), async (v) => {
      const r = await new HttpClient().request(`${stack.bridgeUrl}/saml/acs/dev-saml`, { form: { SAMLResponse: v } });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.body).not.toMatch(STACK_TRACE);
    }), { numRuns: 60 });
  });

  it('the token-exchange API never crashes and never issues for a forged token', async () => {
    const seg = fc.oneof(fc.base64String({ maxLength: 200 }).map((s) => s.replace(/=/g, '')), fc.json().map((j) => Buffer.from(j).toString('base64url')));
    await fc.assert(fc.asyncProperty(fc.oneof(fc.tuple(seg, seg, seg).map((p) => p.join('.')), fc.string({ maxLength: 300 })), async (t) => {
      const res = await fetch(`${stack.bridgeUrl}/api/v1/credentials`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id_token: t }) });
      const body = await res.text();
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(body).not.toMatch(STACK_TRACE);
      expect(body).not.toContain('SecretAccessKey');
    }), { numRuns: 80 });
  });
});
