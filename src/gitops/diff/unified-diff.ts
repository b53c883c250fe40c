type Op = { op: ' ' | '-' | '+'; line: string };

/** The longest-common-subsequence lengths of every pair of suffixes. */
function lcsTable(a: readonly string[], b: readonly string[]): number[][] {
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i -= 1) {
    const row = lcs[i] as number[];
    for (let j = b.length - 1; j >= 0; j -= 1) {
      row[j] =
        a[i] === b[j]
          ? (lcs[i + 1]?.[j + 1] ?? 0) + 1
          : Math.max(lcs[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  return lcs;
}

function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const lcs = lcsTable(a, b);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const same = i < a.length && j < b.length && a[i] === b[j];
    // Deletions before additions, as diff -u prints them.
    const remove =
      !same && i < a.length && (j >= b.length || (lcs[i + 1]?.[j] ?? 0) >= (lcs[i]?.[j + 1] ?? 0));
    if (same) {
      ops.push({ op: ' ', line: a[i] ?? '' });
      i += 1;
      j += 1;
    } else if (remove) {
      ops.push({ op: '-', line: a[i] ?? '' });
      i += 1;
    } else {
      ops.push({ op: '+', line: b[j] ?? '' });
      j += 1;
    }
  }
  return ops;
}

const lines = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/**
 * A unified diff of two texts (line based, longest common subsequence), with `context` lines
 * around each change, headed `--- a` / `+++ b` like `diff -u`; `@@` marks elided lines. Empty
 * when equal. Pure.
 */
export function unifiedDiff(
  before: string,
  after: string,
  labels: { from: string; to: string },
  context = 3,
): string {
  const ops = editScript(lines(before), lines(after));
  if (ops.every((o) => o.op === ' ')) return '';
  const changed = ops.map((o) => o.op !== ' ');
  const keep = ops.map((_, k) =>
    changed.slice(Math.max(0, k - context), k + context + 1).some(Boolean),
  );
  const out = [`--- ${labels.from}`, `+++ ${labels.to}`];
  let gap = false;
  ops.forEach((o, k) => {
    if (!keep[k]) {
      gap = true;
      return;
    }
    if (gap) out.push('@@');
    gap = false;
    out.push(`${o.op}${o.line}`);
  });
  return `${out.join('\n')}\n`;
}
