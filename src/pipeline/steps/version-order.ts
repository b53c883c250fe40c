// Version orderings of the ecosystems the scanner reads: dpkg's (epoch:upstream-revision, `~`
// before anything) and PEP 440's (pre < final < post releases). Pure.

function charOrder(c: string | undefined): number {
  if (c === undefined || /\d/.test(c)) return 0;
  if (c === '~') return -1;
  return /[A-Za-z]/.test(c) ? c.charCodeAt(0) : c.charCodeAt(0) + 256;
}

/** dpkg's verrevcmp: alternating non-digit and digit runs. */
function compareDpkgPart(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while ((i < a.length && !/\d/.test(a[i] ?? '')) || (j < b.length && !/\d/.test(b[j] ?? ''))) {
      const diff = charOrder(a[i]) - charOrder(b[j]);
      if (diff !== 0) return Math.sign(diff);
      i++;
      j++;
    }
    const da = /^\d*/.exec(a.slice(i))?.[0] ?? '';
    const db = /^\d*/.exec(b.slice(j))?.[0] ?? '';
    i += da.length;
    j += db.length;
    const diff = Number(da || '0') - Number(db || '0');
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

function splitDpkg(version: string): [number, string, string] {
  const colon = version.indexOf(':');
  const epoch =
    colon > 0 && /^\d+$/.test(version.slice(0, colon)) ? Number(version.slice(0, colon)) : 0;
  const rest = colon > 0 ? version.slice(colon + 1) : version;
  const dash = rest.lastIndexOf('-');
  return dash < 0 ? [epoch, rest, ''] : [epoch, rest.slice(0, dash), rest.slice(dash + 1)];
}

export function compareDpkgVersions(a: string, b: string): number {
  const [ea, ua, ra] = splitDpkg(a);
  const [eb, ub, rb] = splitDpkg(b);
  if (ea !== eb) return Math.sign(ea - eb);
  return compareDpkgPart(ua, ub) || compareDpkgPart(ra, rb);
}

const pep440 =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(?:post|rev|r)[-_.]?(\d*))?(?:[-_.]?dev[-_.]?(\d*))?(?:\+.*)?$/i;

const prePhase: Readonly<Record<string, number>> = { a: 0, alpha: 0, b: 1, beta: 1 };

/** A tuple that sorts like the PEP 440 version; undefined when the text is not PEP 440. */
function pep440Key(version: string): number[] | undefined {
  const m = pep440.exec(version.trim());
  if (m === null) return undefined;
  const release = (m[2] ?? '0').split('.').map(Number);
  while (release.length < 6) release.push(0);
  const hasPre = m[3] !== undefined;
  const hasPost = m[5] !== undefined || m[6] !== undefined;
  const hasDev = m[7] !== undefined;
  const phase = hasPre ? (prePhase[(m[3] ?? '').toLowerCase()] ?? 2) : 3;
  // A bare dev release (1.0.dev1) comes before 1.0a1.
  const pre = !hasPre && !hasPost && hasDev ? [-1, 0] : [phase, Number(m[4] || '0')];
  const post = hasPost ? Number(m[5] ?? (m[6] || '0')) : -1;
  const dev = hasDev ? Number(m[7] || '0') : Number.MAX_SAFE_INTEGER;
  return [Number(m[1] ?? '0'), ...release.slice(0, 6), ...pre, post, dev];
}

/** Numeric dot-segments, then text; good enough for SEMVER ranges and odd PyPI versions. */
function compareGeneric(a: string, b: string): number {
  const pa = a.split(/[.+-]/);
  const pb = b.split(/[.+-]/);
  for (let k = 0; k < Math.max(pa.length, pb.length); k++) {
    const x = pa[k] ?? '0';
    const y = pb[k] ?? '0';
    const diff = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

export function comparePep440Versions(a: string, b: string): number {
  const ka = pep440Key(a);
  const kb = pep440Key(b);
  if (ka === undefined || kb === undefined) return compareGeneric(a, b);
  for (let k = 0; k < ka.length; k++) {
    const diff = (ka[k] ?? 0) - (kb[k] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

export const compareSemverLike = compareGeneric;
