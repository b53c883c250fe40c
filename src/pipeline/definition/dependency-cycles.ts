/**
 * The cycles in a `needs` graph, each as a path that returns to its start (`a → b → a`). Each
 * cycle is reported once, starting from the job that comes first in the file.
 */
export function findCycles(needs: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  const seen = new Set<string>();
  const visit = (job: string, trail: string[]): void => {
    state.set(job, 'visiting');
    trail.push(job);
    for (const need of needs.get(job) ?? []) {
      if (!needs.has(need)) continue;
      if (state.get(need) === 'visiting') {
        const cycle = [...trail.slice(trail.indexOf(need)), need];
        const key = [...new Set(cycle)].sort().join('\n');
        if (!seen.has(key)) {
          seen.add(key);
          cycles.push(cycle);
        }
      } else if (state.get(need) === undefined) {
        visit(need, trail);
      }
    }
    trail.pop();
    state.set(job, 'done');
  };
  for (const job of needs.keys()) {
    if (state.get(job) === undefined) visit(job, []);
  }
  return cycles;
}
