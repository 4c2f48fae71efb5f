// Policy variables (reference_policies_variables.md): ${aws:username},
// ${saml:sub}, ${key, 'default'}, and the escapes ${*} ${?} ${$}. Only in
// Version 2012-10-17 documents; older documents treat "${…}" literally.
import type { Context } from './conditions.js';

const VAR = /\$\{([^}]*)\}/g;
const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/** A substituted piece: literal text from a variable, or pattern text from the policy. */
export type Piece = { literal: boolean; text: string };

/** Splits a policy string around its variables; undefined when a variable has no value and no default. */
export function substitute(s: string, ctx: Context, version: string): Piece[] | undefined {
  if (version !== '2012-10-17' || !s.includes('${')) return [{ literal: false, text: s }];
  const out: Piece[] = [];
  let last = 0;
  for (const m of s.matchAll(VAR)) {
    out.push({ literal: false, text: s.slice(last, m.index) });
    last = m.index + m[0].length;
    const body = m[1]!.trim();
    if (ESCAPES[body] !== undefined) { out.push({ literal: true, text: ESCAPES[body] }); continue; }
    const [, key, def] = /^([^,]+?)\s*(?:,\s*'([^']*)')?$/.exec(body) ?? [];
    const v = key === undefined ? undefined : ctx.get(key.toLowerCase());
    // Multivalued keys cannot be used as variables.
    const value = typeof v === 'string' ? v : def;
    if (value === undefined) return undefined;
    out.push({ literal: true, text: value });
  }
  out.push({ literal: false, text: s.slice(last) });
  return out;
}

/** Plain string after substitution (for condition values); undefined when unresolvable. */
export function resolveString(s: string, ctx: Context, version: string): string | undefined {
  return substitute(s, ctx, version)?.map((p) => p.text).join('');
}

/** Wildcard pattern (* and ?) as a RegExp where substituted values match only literally. */
export function wildcardRegExp(pattern: string, ctx: Context, version: string, flags = ''): RegExp | undefined {
  const pieces = substitute(pattern, ctx, version);
  if (!pieces) return undefined;
  const esc = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const src = pieces.map((p) => (p.literal ? esc(p.text) : esc(p.text).replace(/\\\*/g, '.*').replace(/\\\?/g, '.'))).join('');
  return new RegExp(`^${src}$`, flags);
}
