// Laying out a run's jobs as columns by level (a job sits one column right of its deepest need),
// with the edges between them as SVG paths. Fixed node sizes keep it pure and testable.

export type DagJob = { readonly id: string; readonly needs?: readonly string[] };

/** Each job's level: 0 with no (known) needs, else one more than its deepest need. */
export function jobLevels(jobs: readonly DagJob[]): Map<string, number> {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const levels = new Map<string, number>();
  const visiting = new Set<string>();
  const levelOf = (id: string): number => {
    const known = levels.get(id);
    if (known !== undefined) return known;
    // A cycle should have been refused when the pipeline was loaded; cut it rather than loop.
    if (visiting.has(id)) return 0;
    visiting.add(id);
    const needs = (byId.get(id)?.needs ?? []).filter((need) => byId.has(need));
    const level = needs.length === 0 ? 0 : 1 + Math.max(...needs.map(levelOf));
    visiting.delete(id);
    levels.set(id, level);
    return level;
  };
  for (const job of jobs) levelOf(job.id);
  return levels;
}

/** Jobs grouped by level, keeping the order the run lists them in within a column. */
export function jobColumns<T extends DagJob>(jobs: readonly T[]): T[][] {
  const levels = jobLevels(jobs);
  const columns: T[][] = [];
  for (const job of jobs) {
    const level = levels.get(job.id) ?? 0;
    while (columns.length <= level) columns.push([]);
    columns[level]?.push(job);
  }
  return columns;
}

export const dagSizes = { nodeWidth: 200, nodeHeight: 64, columnGap: 56, rowGap: 16 } as const;

export type DagNode<T> = { readonly job: T; readonly x: number; readonly y: number };
export type DagEdge = { readonly from: string; readonly to: string; readonly path: string };
export type DagLayout<T> = {
  readonly nodes: DagNode<T>[];
  readonly edges: DagEdge[];
  readonly width: number;
  readonly height: number;
};

export function layoutDag<T extends DagJob>(jobs: readonly T[]): DagLayout<T> {
  const { nodeWidth, nodeHeight, columnGap, rowGap } = dagSizes;
  const columns = jobColumns(jobs);
  const nodes: DagNode<T>[] = columns.flatMap((column, level) =>
    column.map((job, row) => ({
      job,
      x: level * (nodeWidth + columnGap),
      y: row * (nodeHeight + rowGap),
    })),
  );
  const at = new Map(nodes.map((node) => [node.job.id, node]));
  const edges: DagEdge[] = nodes.flatMap((node) =>
    (node.job.needs ?? []).flatMap((need) => {
      const from = at.get(need);
      if (from === undefined) return [];
      const x1 = from.x + nodeWidth;
      const y1 = from.y + nodeHeight / 2;
      const x2 = node.x;
      const y2 = node.y + nodeHeight / 2;
      const bend = (x2 - x1) / 2;
      const path = `M ${x1} ${y1} C ${x1 + bend} ${y1}, ${x2 - bend} ${y2}, ${x2} ${y2}`;
      return [{ from: need, to: node.job.id, path }];
    }),
  );
  const rows = Math.max(0, ...columns.map((c) => c.length));
  return {
    nodes,
    edges,
    width: Math.max(0, columns.length * (nodeWidth + columnGap) - columnGap),
    height: Math.max(0, rows * (nodeHeight + rowGap) - rowGap),
  };
}
