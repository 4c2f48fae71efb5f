// Regression (review 2, item 5): the SAML pass-through credentials page was a drifted copy of the bridge's (no JSON block); both now render one card.
import { expect, it } from 'vitest';
import { passThroughCredentialsPage } from '../../src/passthrough/pages.js';
import { credentialsPage } from '../../src/web/pages.js';

const c = { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret/+x', sessionToken: 'tok', expiration: '2030-01-01T00:00:00.000Z' };
const role = { arn: 'arn:aws:iam::111111111111:role/Dev', name: 'Dev', accountId: '111111111111', partition: 'aws', providerArn: 'arn:aws:iam::111111111111:saml-provider/b', ruleIds: [] };

it('the pass-through page shows the same exports and JSON as the bridge page', () => {
  const mine = credentialsPage({ user: 'u', csrf: 'c' }, role as never, c, 3600, 'eu-west-1', 'note');
  const theirs = passThroughCredentialsPage(role.arn, c, 3600, 'eu-west-1', 'note');
  const block = (html: string, id: string) => new RegExp(`<pre id="${id}">([\\s\\S]*?)</pre>`).exec(html)?.[1];
  for (const id of ['exports', 'json']) {
    expect(block(theirs, id)).toBeDefined();
    expect(block(theirs, id)).toBe(block(mine, id));
  }
  expect(theirs).toContain('id="duration-note"');
});
