// Parameter checks with AWS's model-validation messages (ValidationError 400).
import { StsError, validationError } from './errors.js';

/** Query parameters of one request; the first occurrence of a name wins. */
export class Params {
  private readonly map = new Map<string, string>();
  constructor(...sources: URLSearchParams[]) {
    for (const src of sources) for (const [k, v] of src) if (!this.map.has(k)) this.map.set(k, v);
  }
  get(name: string): string | undefined {
    return this.map.get(name);
  }
  entries(): [string, string][] {
    return [...this.map];
  }
  /** Query-protocol list members: Name.member.1, Name.member.2, … (suffix e.g. '.arn'). */
  list(name: string, suffix = ''): string[] {
    const out: string[] = [];
    for (let i = 1; this.map.has(`${name}.member.${i}${suffix}`); i++) out.push(this.map.get(`${name}.member.${i}${suffix}`)!);
    return out;
  }
}

const member = (name: string): string => name[0]!.toLowerCase() + name.slice(1);

export function str(p: Params, name: string, rule: { min: number; max: number; pattern?: RegExp; required?: boolean }): string | undefined {
  const v = p.get(name);
  if (v === undefined) {
    if (rule.required) throw validationError(null, member(name), 'Member must not be null');
    return undefined;
  }
  if (v.length < rule.min) throw validationError(v, member(name), `Member must have length greater than or equal to ${rule.min}`);
  if (v.length > rule.max) throw validationError(v, member(name), `Member must have length less than or equal to ${rule.max}`);
  if (rule.pattern && !rule.pattern.test(v)) throw validationError(v, member(name), `Member must satisfy regular expression pattern: ${rule.pattern.source.replace(/^\^|\$$/g, '')}`);
  return v;
}

export function required(p: Params, name: string, rule: { min: number; max: number; pattern?: RegExp }): string {
  return str(p, name, { ...rule, required: true })!;
}

export function int(p: Params, name: string, min: number, max: number): number | undefined {
  const v = p.get(name);
  if (v === undefined) return undefined;
  if (!/^-?\d{1,12}$/.test(v)) throw new StsError('ValidationError', `Invalid value for parameter ${member(name)}, value: ${v}, type: class java.lang.String, valid types: class java.lang.Integer`);
  const n = Number(v);
  if (n < min) throw validationError(v, member(name), `Member must have value greater than or equal to ${min}`);
  if (n > max) throw validationError(v, member(name), `Member must have value less than or equal to ${max}`);
  return n;
}

export const PATTERNS = {
  sessionName: /^[\w+=,.@-]*$/,
  externalId: /^[\w+=,.@:/-]*$/,
  /** sessionPolicyDocumentType: tab, LF, CR and U+0020–U+00FF. */
  policy: /^[\u0009\u000A\u000D\u0020-\u00FF]+$/,
};
