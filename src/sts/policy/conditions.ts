// IAM condition operators. Semantics follow the IAM User Guide: a key absent
// from the context makes positive operators false and negated ones true;
// ...IfExists is true when absent; ForAllValues is vacuously true on an empty set.

export type ContextValue = string | string[];
/** Request context with lower-cased keys (condition keys are case-insensitive). */
export type Context = Map<string, ContextValue>;

type Cmp = (actual: string, expected: string) => boolean;

const like = (pattern: string, s: string, flags = ''): boolean =>
  new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[\\s\\S]*').replace(/\?/g, '[\\s\\S]') + '$', flags).test(s);
const num = (f: (a: number, b: number) => boolean): Cmp => (a, b) => {
  const x = Number(a), y = Number(b);
  return a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && Number.isFinite(y) && f(x, y);
};
const toDate = (s: string): number => (/^\d+$/.test(s) ? Number(s) * 1000 : Date.parse(s));
const date = (f: (a: number, b: number) => boolean): Cmp => (a, b) => {
  const x = toDate(a), y = toDate(b);
  return !Number.isNaN(x) && !Number.isNaN(y) && f(x, y);
};
/** ARN operators compare the six colon-separated parts separately. */
const arnLike: Cmp = (a, b) => {
  const pa = a.split(':'), pb = b.split(':');
  if (pa.length < 6 || pb.length < 6) return false;
  const [x, y] = [[...pa.slice(0, 5), pa.slice(5).join(':')], [...pb.slice(0, 5), pb.slice(5).join(':')]];
  return x.every((part, i) => like(y[i]!, part));
};

/** Positive comparators; the negated operators are defined by negating these. */
const POSITIVE: Record<string, Cmp> = {
  stringequals: (a, b) => a === b,
  stringequalsignorecase: (a, b) => a.toLowerCase() === b.toLowerCase(),
  stringlike: (a, b) => like(b, a),
  numericequals: num((a, b) => a === b),
  numericlessthan: num((a, b) => a < b),
  numericlessthanequals: num((a, b) => a <= b),
  numericgreaterthan: num((a, b) => a > b),
  numericgreaterthanequals: num((a, b) => a >= b),
  dateequals: date((a, b) => a === b),
  datelessthan: date((a, b) => a < b),
  datelessthanequals: date((a, b) => a <= b),
  dategreaterthan: date((a, b) => a > b),
  dategreaterthanequals: date((a, b) => a >= b),
  bool: (a, b) => a.toLowerCase() === b.toLowerCase(),
  arnequals: arnLike,
  arnlike: arnLike,
};
const NEGATED: Record<string, string> = {
  stringnotequals: 'stringequals',
  stringnotequalsignorecase: 'stringequalsignorecase',
  stringnotlike: 'stringlike',
  numericnotequals: 'numericequals',
  datenotequals: 'dateequals',
  arnnotequals: 'arnequals',
  arnnotlike: 'arnlike',
};

export class UnknownOperator extends Error {}

/** True for operator names IAM accepts, including ForAnyValue:/ForAllValues: and …IfExists forms. */
export function isKnownOperator(operator: string): boolean {
  const op = operator.toLowerCase().replace(/^for(anyvalue|allvalues):/, '');
  if (op === 'null') return true;
  const base = op.endsWith('ifexists') ? op.slice(0, -8) : op;
  return POSITIVE[base] !== undefined || NEGATED[base] !== undefined;
}

/** Evaluates one operator/key/values triple against the context. */
export function evalCondition(operator: string, key: string, values: string[], ctx: Context): boolean {
  let op = operator.toLowerCase();
  let set: 'any' | 'all' | undefined;
  if (op.startsWith('foranyvalue:')) [set, op] = ['any', op.slice(12)];
  else if (op.startsWith('forallvalues:')) [set, op] = ['all', op.slice(13)];
  const ifExists = op.endsWith('ifexists') && op !== 'null';
  if (ifExists) op = op.slice(0, -8);
  const raw = ctx.get(key.toLowerCase());
  const actual = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];

  if (op === 'null') return values.some((v) => (v.toLowerCase() === 'true') === (raw === undefined));
  const negated = NEGATED[op] !== undefined;
  const cmp = POSITIVE[NEGATED[op] ?? op];
  if (!cmp) throw new UnknownOperator(operator);
  const matches = (a: string): boolean => values.some((v) => cmp(a, v));

  if (set === 'all') return actual.every((a) => (negated ? !matches(a) : matches(a)));
  if (set === 'any') return actual.some((a) => (negated ? !matches(a) : matches(a)));
  if (raw === undefined) return ifExists || negated;
  return negated ? !actual.some(matches) : actual.some(matches);
}
