// Classifying the lines of a unified diff so additions, removals and hunk headers can be coloured. Pure.

export type DiffLineKind = 'add' | 'remove' | 'hunk' | 'header' | 'context';
export type DiffLine = { readonly kind: DiffLineKind; readonly text: string };

export function diffLines(diff: string): DiffLine[] {
  const lines = diff.replace(/\n$/, '').split('\n');
  return lines.map((text) => {
    if (text.startsWith('+++') || text.startsWith('---')) return { kind: 'header', text };
    if (text.startsWith('@@')) return { kind: 'hunk', text };
    if (text.startsWith('+')) return { kind: 'add', text };
    if (text.startsWith('-')) return { kind: 'remove', text };
    return { kind: 'context', text };
  });
}
