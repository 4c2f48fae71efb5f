// Globs for groups and role ARNs: `*` is any run, `?` one character; anchored
// and case-sensitive like IAM's StringLike. Each wildcard is a numbered capture.
export function globToRegExp(glob: string): RegExp {
  let src = '';
  for (const ch of glob) {
    if (ch === '*') src += '(.*)';
    else if (ch === '?') src += '(.)';
    else src += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${src}$`, 'su');
}

export function globMatch(glob: string, value: string): boolean {
  return globToRegExp(glob).test(value);
}
