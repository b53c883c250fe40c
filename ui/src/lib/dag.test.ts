import { describe, expect, it } from 'vitest';
import { jobColumns, jobLevels, layoutDag, dagSizes } from './dag';

const ids = (columns: { id: string }[][]): string[][] => columns.map((c) => c.map((j) => j.id));

describe('jobLevels', () => {
  it('puts jobs without needs at level 0 and each job after its deepest need', () => {
    const levels = jobLevels([
      { id: 'deploy', needs: ['test', 'build'] },
      { id: 'build' },
      { id: 'lint' },
      { id: 'test', needs: ['build'] },
    ]);
    expect(Object.fromEntries(levels)).toEqual({ build: 0, lint: 0, test: 1, deploy: 2 });
  });

  it('ignores needs that name no job of the run', () => {
    expect(jobLevels([{ id: 'a', needs: ['ghost'] }]).get('a')).toBe(0);
  });

  it('does not loop forever on a cycle', () => {
    const levels = jobLevels([
      { id: 'a', needs: ['b'] },
      { id: 'b', needs: ['a'] },
    ]);
    expect([...levels.keys()].sort()).toEqual(['a', 'b']);
  });
});

describe('jobColumns', () => {
  it('keeps the listed order within a column', () => {
    const columns = jobColumns([
      { id: 'z', needs: [] },
      { id: 'y', needs: ['z'] },
      { id: 'a' },
      { id: 'x', needs: ['a'] },
    ]);
    expect(ids(columns)).toEqual([
      ['z', 'a'],
      ['y', 'x'],
    ]);
  });

  it('is one column when no job has needs (a run record without them)', () => {
    expect(ids(jobColumns([{ id: 'a' }, { id: 'b' }]))).toEqual([['a', 'b']]);
  });
});

describe('layoutDag', () => {
  it('draws one edge per known need, from the right of the need to the left of the job', () => {
    const layout = layoutDag([{ id: 'build' }, { id: 'test', needs: ['build', 'ghost'] }]);
    expect(layout.edges).toHaveLength(1);
    const { nodeWidth, nodeHeight, columnGap } = dagSizes;
    expect(layout.edges[0]?.path.startsWith(`M ${nodeWidth} ${nodeHeight / 2} `)).toBe(true);
    expect(layout.edges[0]?.path.endsWith(`${nodeWidth + columnGap} ${nodeHeight / 2}`)).toBe(true);
    expect(layout.width).toBe(2 * nodeWidth + columnGap);
    expect(layout.height).toBe(nodeHeight);
  });

  it('is empty for a run with no jobs', () => {
    expect(layoutDag([])).toEqual({ nodes: [], edges: [], width: 0, height: 0 });
  });
});
