import { expect, it } from 'vitest';
import { diffLines } from './diff-lines';

it('tells headers, hunks, additions, removals and context apart', () => {
  const diff = '--- live\n+++ desired\n@@ -1,2 +1,2 @@\n replicas:\n-  2\n+  3\n';
  expect(diffLines(diff).map((l) => l.kind)).toEqual([
    'header',
    'header',
    'hunk',
    'context',
    'remove',
    'add',
  ]);
});
