/**
 * Argo CD's directory include/exclude globs: `*` and `**` match any characters (slashes too, as
 * Argo CD compiles its globs without separators), `?` one character, `{a,b}` either. Pure.
 */
export function globToRegExp(pattern: string): RegExp {
  let out = '';
  let inBraces = 0;
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i] ?? '';
    if (c === '*') {
      out += '.*';
      while (pattern[i + 1] === '*') i += 1;
    } else if (c === '?') out += '.';
    else if (c === '{') {
      inBraces += 1;
      out += '(?:';
    } else if (c === '}' && inBraces > 0) {
      inBraces -= 1;
      out += ')';
    } else if (c === ',' && inBraces > 0) out += '|';
    else out += c.replace(/[.+^$()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

export function matchesGlob(path: string, pattern: string): boolean {
  return globToRegExp(pattern).test(path);
}
