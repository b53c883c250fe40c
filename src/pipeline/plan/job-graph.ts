import { StateError } from '../../errors/index.js';
import type { PipelineJob } from '../definition/index.js';

/**
 * Jobs grouped by depth: level 0 needs nothing, level n needs only jobs of earlier levels.
 * Within a level, jobs keep their file order.
 */
export function topologicalLevels(jobs: readonly PipelineJob[]): string[][] {
  const placed = new Set<string>();
  const levels: string[][] = [];
  let remaining = [...jobs];
  while (remaining.length > 0) {
    const level = remaining.filter((job) => job.needs.every((need) => placed.has(need)));
    if (level.length === 0) {
      // The loader rejects cycles and unknown needs; reaching here means it was bypassed.
      const stuck = remaining.map((job) => job.id).join(', ');
      throw new StateError(`jobs ${stuck} need jobs that never finish (a cycle or a missing job)`, {
        hint: 'load pipelines with parsePipeline or loadPipelines, which reject this',
      });
    }
    for (const job of level) placed.add(job.id);
    levels.push(level.map((job) => job.id));
    remaining = remaining.filter((job) => !placed.has(job.id));
  }
  return levels;
}

/** Every job a job depends on, directly or through others. */
export function ancestorsOf(jobId: string, jobs: readonly PipelineJob[]): Set<string> {
  const byId = new Map(jobs.map((job) => [job.id, job]));
  const ancestors = new Set<string>();
  const pending = [...(byId.get(jobId)?.needs ?? [])];
  for (let need = pending.pop(); need !== undefined; need = pending.pop()) {
    if (ancestors.has(need)) continue;
    ancestors.add(need);
    pending.push(...(byId.get(need)?.needs ?? []));
  }
  return ancestors;
}
