// Reading claims into the protocol-free Identity. Values are flattened to
// strings and NFC-normalised; nothing case-folds or strips them here.

/** Values at a dotted path (`realm_access.roles`), flattened; [] when absent. */
export function valuesAtPath(obj: unknown, path: string): string[] {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return [];
    cur = (cur as Record<string, unknown>)[part];
  }
  return flatten(cur);
}

export function flatten(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.flatMap(flatten);
  if (typeof v === 'string') return [v.normalize('NFC')];
  if (typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  return [];
}

export function first(vs: string[]): string | undefined {
  return vs.find((v) => v.length > 0);
}

/**
 * Every claim as a list of strings, for rules that match other claims. Nested
 * objects appear under dotted paths (`realm_access.roles`,
 * `resource_access.<client>.roles`, `_claim_names.groups`), a few levels deep.
 */
export function flattenClaims(obj: Record<string, unknown>, prefix = '', depth = 0): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if (depth < 3) Object.assign(out, flattenClaims(v as Record<string, unknown>, `${key}.`, depth + 1));
      continue;
    }
    const vs = flatten(v);
    if (vs.length > 0) out[key] = vs;
  }
  return out;
}
