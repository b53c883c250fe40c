// The pipelines the benchmark runs: one job of one no-op step, and a DAG of no-op jobs in levels
// where every job needs all of the level before it (a diamond when the ends are single jobs).

export const noopPipeline = `name: noop
on: { workflow_dispatch: {} }
jobs:
  noop:
    steps:
      - run: "true"
`;

/** Job ids level by level, e.g. [1, 6, 6, 6, 1] → 20 jobs. */
export function dagJobIds(levels: readonly number[]): string[][] {
  return levels.map((width, level) =>
    Array.from({ length: width }, (_, i) => `l${level}-j${String(i).padStart(2, '0')}`),
  );
}

export function dagPipeline(levels: readonly number[]): string {
  const ids = dagJobIds(levels);
  const jobs = ids.flatMap((level, k) =>
    level.map((id) => {
      const needs = k === 0 ? '' : `    needs: [${(ids[k - 1] ?? []).join(', ')}]\n`;
      return `  ${id}:\n${needs}    steps:\n      - run: "true"\n`;
    }),
  );
  return `name: dag\non: { workflow_dispatch: {} }\njobs:\n${jobs.join('')}`;
}
