// Branch and tag filters as GitHub reads them: `*` stays within one path segment, `**` crosses
// `/`, `?` and `+` repeat the character before them, and `!` excludes. Later patterns win.

const cache = new Map<string, RegExp>();

/** A single glob as a regular expression anchored at both ends. */
export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached !== undefined) return cached;
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index] ?? '';
    if (char === '*') {
      const double = glob[index + 1] === '*';
      source += double ? '.*' : '[^/]*';
      if (double) index += 1;
    } else if (char === '?' || char === '+') {
      source += char;
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 1);
      if (close < 0) {
        source += '\\[';
      } else {
        source += `[${glob.slice(index + 1, close).replace(/[\\^]/g, '\\$&')}]`;
        index = close;
      }
    } else if (char === '\\' && index + 1 < glob.length) {
      source += escapeChar(glob[index + 1] ?? '');
      index += 1;
    } else {
      source += escapeChar(char);
    }
  }
  const pattern = new RegExp(`^${source}$`);
  cache.set(glob, pattern);
  return pattern;
}

function escapeChar(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/**
 * Whether a name passes a list of patterns: it starts excluded, each matching pattern includes
 * it, each matching `!pattern` excludes it again, and the last match decides.
 */
export function matchesPatterns(name: string, patterns: readonly string[]): boolean {
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const glob = negated ? pattern.slice(1) : pattern;
    if (globToRegExp(glob).test(name)) included = !negated;
  }
  return included;
}

/** A filter with its `-ignore` twin; with neither, everything passes. */
export function passesFilter(
  name: string,
  include: readonly string[] | undefined,
  ignore: readonly string[] | undefined,
): boolean {
  if (include !== undefined) return matchesPatterns(name, include);
  if (ignore !== undefined) return !ignore.some((glob) => globToRegExp(glob).test(name));
  return true;
}
