import {
  conditionExpression,
  evaluateCondition,
  ExpressionError,
  usesStatusFunction,
  type ExpressionObject,
} from '../expressions/index.js';
import type { PipelineJob } from '../definition/index.js';
import { ancestorsOf } from './job-graph.js';
import type { PipelinePlan } from './plan-pipeline.js';
import { eventContext } from './trigger-event.js';

export type JobState = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';

/** A job's state by id; a job not listed is pending. */
export type JobStates = Readonly<Record<string, JobState>>;

export type JobDecision = { readonly job: string; readonly reason: string };

export type RunnableJobs = {
  /** Jobs whose needs are done and whose `if` holds: start them now. */
  readonly start: readonly string[];
  /** Jobs that will not run: record them as skipped. */
  readonly skip: readonly JobDecision[];
  /** Jobs whose `if` could not be evaluated: record them as failed. */
  readonly fail: readonly JobDecision[];
};

export type RunnableOptions = {
  /** Outputs of finished jobs, by job id, for `needs.<job>.outputs`. */
  readonly outputs?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The run was cancelled: only jobs whose `if` uses always() or cancelled() still start. */
  readonly cancelled?: boolean;
};

const finished: readonly JobState[] = ['succeeded', 'failed', 'skipped', 'cancelled'];
const results: Readonly<Record<JobState, string>> = {
  pending: 'pending',
  running: 'running',
  succeeded: 'success',
  failed: 'failure',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

/**
 * Which pending jobs can start and which must be skipped, given the jobs that finished. A job
 * waits for all its needs; when one of them did not succeed it is skipped, unless its `if` calls
 * a status function (always(), failure(), ...), in which case that `if` decides, as in GitHub.
 */
export function nextRunnableJobs(
  plan: PipelinePlan,
  jobStates: JobStates,
  options: RunnableOptions = {},
): RunnableJobs {
  const start: string[] = [];
  const skip: JobDecision[] = [];
  const fail: JobDecision[] = [];
  const stateOf = (id: string): JobState => jobStates[id] ?? 'pending';
  for (const job of plan.pipeline.jobs) {
    if (stateOf(job.id) !== 'pending') continue;
    if (!job.needs.every((need) => finished.includes(stateOf(need)))) continue;
    const decision = decideJob(plan, job, stateOf, options);
    if (decision.kind === 'start') start.push(job.id);
    else if (decision.kind === 'skip') skip.push({ job: job.id, reason: decision.reason });
    else fail.push({ job: job.id, reason: decision.reason });
  }
  return { start, skip, fail };
}

type Decision =
  { readonly kind: 'start' } | { readonly kind: 'skip' | 'fail'; readonly reason: string };

function decideJob(
  plan: PipelinePlan,
  job: PipelineJob,
  stateOf: (id: string) => JobState,
  options: RunnableOptions,
): Decision {
  const cancelled = options.cancelled ?? false;
  const unsuccessful = job.needs.filter((need) => stateOf(need) !== 'succeeded');
  try {
    const asksForStatus =
      job.if !== undefined && usesStatusFunction(conditionExpression(job.if).node);
    if (!asksForStatus && cancelled) return { kind: 'skip', reason: 'the run was cancelled' };
    if (!asksForStatus && unsuccessful.length > 0) {
      const which = unsuccessful.map((need) => `${need} ${results[stateOf(need)]}`).join(', ');
      return { kind: 'skip', reason: `needed jobs did not succeed (${which})` };
    }
    if (job.if === undefined) return { kind: 'start' };
    // failure() at job level looks at every ancestor, not only the direct needs.
    const failed = [...ancestorsOf(job.id, plan.pipeline.jobs)].some(
      (ancestor) => stateOf(ancestor) === 'failed',
    );
    const holds = evaluateCondition(job.if, {
      event: eventContext(plan.event),
      needs: needsContext(job, stateOf, options),
      status: { failed, cancelled },
    });
    return holds ? { kind: 'start' } : { kind: 'skip', reason: `its if is false: ${job.if}` };
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    return {
      kind: 'fail',
      reason: `${job.source.file}:${job.source.line} jobs.${job.id}.if: ${error.message}`,
    };
  }
}

function needsContext(
  job: PipelineJob,
  stateOf: (id: string) => JobState,
  options: RunnableOptions,
): ExpressionObject {
  const entries = job.needs.map((need) => [
    need,
    { result: results[stateOf(need)], outputs: { ...(options.outputs?.[need] ?? {}) } },
  ]);
  return Object.fromEntries(entries) as ExpressionObject;
}
