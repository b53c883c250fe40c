/**
 * Whether `text` matches `pattern`, where `*` is any run of characters (including none and
 * including "/" and ":") and `?` is exactly one; everything else is literal. Iterative with one
 * backtrack point, so time is at most |pattern| × |text| and no input can blow it up. Pure.
 */
export function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (c === '*') {
      starP = p++;
      starT = t;
    } else if (c !== undefined && (c === '?' || c === text[t])) {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
