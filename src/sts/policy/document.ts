// IAM policy documents normalised to arrays, so evaluation never has to care
// whether a field was written as a string or a list.
import { StsError } from '../errors.js';
import { isKnownOperator } from './conditions.js';

export type PrincipalMap = '*' | Record<string, string[]>;
export interface Statement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  principal?: PrincipalMap;
  notPrincipal?: PrincipalMap;
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  /** operator → condition key → values (values ORed, keys and operators ANDed). */
  condition: Record<string, Record<string, string[]>>;
}
export interface PolicyDocument { version: string; statements: Statement[] }

const list = (v: unknown, what: string): string[] => {
  const arr = Array.isArray(v) ? v : [v];
  if (arr.length === 0 || !arr.every((x) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean')) {
    throw new Error(`${what} must be a string or a list of strings`);
  }
  return arr.map(String);
};

function principal(v: unknown, what: string): PrincipalMap {
  if (v === '*') return '*';
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} must be "*" or an object`);
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, list(x, `${what}.${k}`)]));
}

function statement(s: unknown, i: number): Statement {
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw new Error(`Statement ${i} must be an object`);
  const o = s as Record<string, unknown>;
  if (o.Effect !== 'Allow' && o.Effect !== 'Deny') throw new Error(`Statement ${i}: Effect must be Allow or Deny`);
  if ((o.Action === undefined) === (o.NotAction === undefined)) throw new Error(`Statement ${i}: exactly one of Action/NotAction`);
  const condition: Statement['condition'] = {};
  if (o.Condition !== undefined) {
    if (typeof o.Condition !== 'object' || o.Condition === null) throw new Error(`Statement ${i}: Condition must be an object`);
    for (const [op, block] of Object.entries(o.Condition)) {
      if (typeof block !== 'object' || block === null) throw new Error(`Statement ${i}: Condition.${op} must be an object`);
      // Unknown operators would silently never match, turning a Deny into nothing: refuse them up front.
      if (!isKnownOperator(op)) throw new Error(`Statement ${i}: unknown condition operator ${op}`);
      condition[op] = Object.fromEntries(Object.entries(block).map(([k, x]) => [k, list(x, `Condition.${op}.${k}`)]));
    }
  }
  const st: Statement = { effect: o.Effect, condition };
  if (typeof o.Sid === 'string') st.sid = o.Sid;
  if (o.Principal !== undefined) st.principal = principal(o.Principal, 'Principal');
  if (o.NotPrincipal !== undefined) st.notPrincipal = principal(o.NotPrincipal, 'NotPrincipal');
  if (o.Action !== undefined) st.action = list(o.Action, 'Action');
  if (o.NotAction !== undefined) st.notAction = list(o.NotAction, 'NotAction');
  if (o.Resource !== undefined) st.resource = list(o.Resource, 'Resource');
  if (o.NotResource !== undefined) st.notResource = list(o.NotResource, 'NotResource');
  return st;
}

/** Parses and normalises a JSON policy; throws a plain Error naming the problem. */
export function parsePolicy(text: string): PolicyDocument {
  const doc: unknown = JSON.parse(text);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('policy must be a JSON object');
  const o = doc as Record<string, unknown>;
  if (o.Version !== undefined && o.Version !== '2012-10-17' && o.Version !== '2008-10-17') throw new Error('unsupported policy Version');
  const sts = Array.isArray(o.Statement) ? o.Statement : [o.Statement];
  if (o.Statement === undefined || sts.length === 0) throw new Error('policy has no Statement');
  return { version: String(o.Version ?? '2008-10-17'), statements: sts.map(statement) };
}

/** Session policies passed by callers: AWS answers MalformedPolicyDocument. */
export function parseSessionPolicy(text: string): PolicyDocument {
  try {
    return parsePolicy(text);
  } catch (e) {
    throw new StsError('MalformedPolicyDocument', `Syntax errors in policy. ${(e as Error).message}`.trim());
  }
}
