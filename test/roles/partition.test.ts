// Regression (review finding 14): a role in another partition than the
// bridge's STS endpoint was offered, then could only fail at STS.
import { describe, expect, it } from 'vitest';
import { createAudit } from '../../src/audit.js';
import { parseRules } from '../../src/roles/load.js';
import { CredentialIssuer } from '../../src/service/issue.js';

const rules = parseRules({
  accounts: [
    { id: '111111111111', samlProviderArn: 'arn:aws:iam::111111111111:saml-provider/sts-bridge' },
    { id: '222222222222', samlProviderArn: 'arn:aws-cn:iam::222222222222:saml-provider/sts-bridge' },
  ],
  rules: [{ id: 'both', when: { group: 'g' }, grant: [{ role: 'arn:aws:iam::111111111111:role/A' }, { role: 'arn:aws-cn:iam::222222222222:role/B' }] }],
}, 'inline');

describe('roles outside the bridge partition', () => {
  it('are dropped with an audited reason', () => {
    const events: Array<Record<string, unknown>> = [];
    const issuer = new CredentialIssuer({ rules: () => rules, signer: {} as never, entityId: 'e', sts: {} as never, audit: createAudit({ onEvent: (e) => events.push(e) }), defaultSessionSec: 3600, partition: 'aws' });
    const d = issuer.decide({ idp: 'x', issuer: 'i', subject: 's', groups: ['g'], claims: {}, authTime: 0 });
    expect(d.roles.map((r) => r.arn)).toEqual(['arn:aws:iam::111111111111:role/A']);
    expect(JSON.stringify(events.at(-1)!.dropped)).toContain('partition aws-cn');
  });
});
