// Turns a successful login for a pending request into a signed, base64
// SAMLResponse: assertion signed first, then the whole Response.
import { subjectFor, type DemoUser } from '../users.ts';
import type { PendingSaml } from './pending.ts';
import { buildAssertion, buildResponse } from './response.ts';
import { signAssertion, signResponse, type SigningKey } from './sign.ts';

export interface IssueArgs {
  idpEntityId: string;
  key: SigningKey;
  subjectKey: Buffer;
  pending: PendingSaml;
  user: DemoUser;
  now: number;
}

export function issueSamlResponse(a: IssueArgs): { xml: string; base64: string } {
  const common = {
    idpEntityId: a.idpEntityId,
    spEntityId: a.pending.spEntityId,
    acsUrl: a.pending.acsUrl,
    now: a.now,
    ...(a.pending.requestId ? { inResponseTo: a.pending.requestId } : {}),
  };
  const assertion = buildAssertion({
    ...common,
    nameId: subjectFor(a.subjectKey, a.user.username),
    attributes: { email: a.user.email, name: a.user.name, username: a.user.username, groups: a.user.groups },
  });
  const xml = signResponse(buildResponse(common, signAssertion(assertion, a.key)), a.key);
  return { xml, base64: Buffer.from(xml, 'utf8').toString('base64') };
}
