import { InputError } from '../../errors/index.js';
import type { Pipeline } from '../definition/index.js';
import { planPipeline, type PipelinePlan } from '../plan/index.js';
import type { RunRecord } from '../../store/index.js';

/**
 * The plan that runs a stored run's pipeline again: the pipeline of that name as committed at the
 * run's commit, planned with the run's own event. Pure; the CLI (`slipway pipeline rerun`) and the
 * server (POST /api/runs/:id/rerun) read the pipelines their own way and run the plan their way.
 */
export function planRerun(previous: RunRecord, pipelines: readonly Pipeline[]): PipelinePlan {
  const pipeline = pipelines.find((p) => p.name === previous.pipeline);
  if (pipeline === undefined) {
    throw new InputError(
      `pipeline ${previous.pipeline} is not in ${previous.repo} at ${previous.event.sha}`,
    );
  }
  const decision = planPipeline(pipeline, previous.event);
  if (!decision.triggered) {
    throw new InputError(`pipeline ${pipeline.name} no longer runs: ${decision.reason}`);
  }
  return decision.plan;
}
