// Trust-policy evaluation: operators, missing keys, set operators, case rules.
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/sts/policy/document.js';
import { evaluate, type Request } from '../../src/sts/policy/evaluate.js';
import type { Context } from '../../src/sts/policy/conditions.js';

const PROVIDER = 'arn:aws:iam::111111111111:saml-provider/p';
const trust = (condition?: object, extra: object = {}) => parsePolicy(JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Federated: PROVIDER }, Action: 'sts:AssumeRoleWithSAML', ...(condition ? { Condition: condition } : {}), ...extra }],
}));
const req = (ctx: Record<string, string | string[]>, action = 'sts:AssumeRoleWithSAML', ids = [PROVIDER]): Request => ({
  principal: { type: 'Federated', ids }, action, context: new Map(Object.entries(ctx).map(([k, v]) => [k.toLowerCase(), v])) as Context,
});
const allowed = (cond: object, ctx: Record<string, string | string[]>): boolean => evaluate([trust(cond)], req(ctx)) === 'Allow';

describe('policy evaluation', () => {
  it('matches principal and action (actions case-insensitive)', () => {
    expect(evaluate([trust()], req({}))).toBe('Allow');
    expect(evaluate([trust()], req({}, 'STS:assumerolewithsaml'))).toBe('Allow');
    expect(evaluate([trust()], req({}, 'sts:TagSession'))).toBe('ImplicitDeny');
    expect(evaluate([trust()], req({}, undefined, ['arn:aws:iam::111111111111:saml-provider/other']))).toBe('ImplicitDeny');
  });

  it('explicit Deny wins', () => {
    const doc = parsePolicy(JSON.stringify({ Statement: [
      { Effect: 'Allow', Principal: '*', Action: 'sts:*' },
      { Effect: 'Deny', Principal: '*', Action: 'sts:AssumeRoleWithSAML', Condition: { StringEquals: { 'saml:sub': 'mallory' } } },
    ] }));
    expect(evaluate([doc], req({ 'saml:sub': 'alice' }))).toBe('Allow');
    expect(evaluate([doc], req({ 'saml:sub': 'mallory' }))).toBe('Deny');
  });

  it('condition keys are case-insensitive; StringEquals values are case-sensitive', () => {
    expect(allowed({ StringEquals: { 'SAML:aud': 'https://signin.aws.amazon.com/saml' } }, { 'saml:aud': 'https://signin.aws.amazon.com/saml' })).toBe(true);
    expect(allowed({ StringEquals: { 'saml:sub': 'Alice' } }, { 'saml:sub': 'alice' })).toBe(false);
    expect(allowed({ StringEqualsIgnoreCase: { 'saml:sub': 'Alice' } }, { 'saml:sub': 'alice' })).toBe(true);
  });

  it('StringLike wildcards and negated operators; missing keys', () => {
    expect(allowed({ StringLike: { 'saml:sub': 'a?i*' } }, { 'saml:sub': 'alice' })).toBe(true);
    expect(allowed({ StringLike: { 'saml:sub': 'b*' } }, { 'saml:sub': 'alice' })).toBe(false);
    expect(allowed({ StringNotEquals: { 'saml:sub': 'bob' } }, { 'saml:sub': 'alice' })).toBe(true);
    expect(allowed({ StringNotLike: { 'saml:sub': 'a*' } }, { 'saml:sub': 'alice' })).toBe(false);
    // Absent key: positive operators false, negated true, IfExists true.
    expect(allowed({ StringEquals: { 'saml:sub': 'alice' } }, {})).toBe(false);
    expect(allowed({ StringNotEquals: { 'saml:sub': 'alice' } }, {})).toBe(true);
    expect(allowed({ StringEqualsIfExists: { 'saml:sub': 'alice' } }, {})).toBe(true);
    expect(allowed({ StringEqualsIfExists: { 'saml:sub': 'alice' } }, { 'saml:sub': 'bob' })).toBe(false);
  });

  it('Null checks presence', () => {
    expect(allowed({ Null: { 'sts:SourceIdentity': 'true' } }, {})).toBe(true);
    expect(allowed({ Null: { 'sts:SourceIdentity': 'true' } }, { 'sts:sourceidentity': 'x' })).toBe(false);
    expect(allowed({ Null: { 'sts:SourceIdentity': 'false' } }, { 'sts:sourceidentity': 'x' })).toBe(true);
  });

  it('ForAnyValue / ForAllValues on multivalued keys', () => {
    const any = { 'ForAnyValue:StringEquals': { 'saml:edupersonaffiliation': ['staff', 'faculty'] } };
    expect(allowed(any, { 'saml:edupersonaffiliation': ['student', 'staff'] })).toBe(true);
    expect(allowed(any, { 'saml:edupersonaffiliation': ['student'] })).toBe(false);
    expect(allowed(any, {})).toBe(false);
    const all = { 'ForAllValues:StringLike': { 'aws:TagKeys': ['Dept', 'Team*'] } };
    expect(allowed(all, { 'aws:tagkeys': ['Dept', 'TeamA'] })).toBe(true);
    expect(allowed(all, { 'aws:tagkeys': ['Dept', 'Cost'] })).toBe(false);
    expect(allowed(all, {})).toBe(true); // vacuously true, as AWS warns
  });

  it('ANDs operators and keys, ORs values; numeric, date, bool and ARN operators', () => {
    const cond = { StringEquals: { 'saml:aud': 'x', 'saml:sub': ['alice', 'bob'] }, StringLike: { 'saml:iss': 'https://*' } };
    expect(allowed(cond, { 'saml:aud': 'x', 'saml:sub': 'bob', 'saml:iss': 'https://idp' })).toBe(true);
    expect(allowed(cond, { 'saml:aud': 'x', 'saml:sub': 'bob', 'saml:iss': 'http://idp' })).toBe(false);
    expect(allowed({ NumericLessThan: { 'aws:epochtime': '2000000000' } }, { 'aws:epochtime': '1800000000' })).toBe(true);
    expect(allowed({ DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } }, { 'aws:currenttime': '2026-12-03T00:00:00Z' })).toBe(true);
    expect(allowed({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, { 'aws:multifactorauthpresent': 'false' })).toBe(false);
    expect(allowed({ ArnLike: { 'aws:FederatedProvider': 'arn:aws:iam::*:saml-provider/p' } }, { 'aws:federatedprovider': PROVIDER })).toBe(true);
  });

  it('refuses unknown operators and malformed documents when parsing', () => {
    expect(() => trust({ StringEqualz: { 'saml:sub': 'x' } })).toThrow(/unknown condition operator/);
    expect(() => parsePolicy('{"Statement":[{"Effect":"Maybe","Action":"*"}]}')).toThrow(/Effect/);
    expect(() => parsePolicy('{"Statement":[]}')).toThrow(/Statement/);
  });
});
