import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './unified-diff.js';

describe('unifiedDiff', () => {
  const labels = { from: 'live', to: 'desired' };
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', labels)).toBe('');
  });
  it('marks changed lines with - and + inside their context', () => {
    const before = 'spec:\n  replicas: 5\n  paused: false\n';
    const after = 'spec:\n  replicas: 2\n  paused: false\n';
    expect(unifiedDiff(before, after, labels)).toBe(
      '--- live\n+++ desired\n spec:\n-  replicas: 5\n+  replicas: 2\n   paused: false\n',
    );
  });
  it('shows a new object as all additions and elides far context', () => {
    expect(unifiedDiff('', 'a\nb\n', labels)).toBe('--- live\n+++ desired\n+a\n+b\n');
    const long = Array.from({ length: 20 }, (_, k) => `l${k}`);
    const changed = [...long];
    changed[10] = 'X';
    const diff = unifiedDiff(long.join('\n'), changed.join('\n'), labels, 1);
    expect(diff).toBe('--- live\n+++ desired\n@@\n l9\n-l10\n+X\n l11\n');
  });
});
