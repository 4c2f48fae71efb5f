// Tags.member.N.Key/Value and TransitiveTagKeys.member.N from the Query API,
// merged with transitive tags inherited through role chaining.
import { StsError } from '../errors.js';
import { checkTags, type SessionTags } from '../tags.js';
import type { Params } from '../validate.js';
import type { SessionRecord } from '../credentials.js';

export function requestTags(p: Params): { pairs: [string, string][]; transitive: string[] } {
  const keys = p.list('Tags', '.Key');
  const pairs = keys.map((k, i): [string, string] => [k, p.get(`Tags.member.${i + 1}.Value`) ?? '']);
  return { pairs, transitive: p.list('TransitiveTagKeys') };
}

/** A passed tag may not override an inherited transitive tag (IAM User Guide, id_session-tags.md). */
export function chainedTags(p: Params, parent: SessionRecord | undefined): SessionTags {
  const { pairs, transitive } = requestTags(p);
  const requested = checkTags(pairs, transitive, 'ValidationError');
  if (!parent) return requested;
  const inherited = Object.entries(parent.tags).filter(([k]) => parent.transitiveTagKeys.some((t) => t.toLowerCase() === k.toLowerCase()));
  for (const [k] of pairs) {
    if (inherited.some(([ik]) => ik.toLowerCase() === k.toLowerCase())) {
      throw new StsError('ValidationError', `Tag key ${k} conflicts with an inherited transitive session tag`);
    }
  }
  return checkTags([...inherited, ...pairs], [...inherited.map(([k]) => k), ...transitive], 'ValidationError');
}
