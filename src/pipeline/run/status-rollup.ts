import type { JobState } from '../plan/index.js';
import type { JobRecord, JobStatus, RunStatus, StepRecord, StepStatus } from '../../store/index.js';

// How step results add up to a job's status and jobs' to a run's, and the one-line description
// of each failing gate that `slipway pipeline run` prints.

export type StepEnding = {
  readonly status: StepStatus;
  readonly continueOnError: boolean;
};

/** Whether a step counts as failed for failure() and for its job: continue-on-error forgives. */
export function stepFailsJob(step: StepEnding): boolean {
  const failed = step.status === 'failure' || step.status === 'timed-out';
  return failed && !step.continueOnError;
}

/** `steps.<id>.conclusion`: the outcome after continue-on-error. */
export function stepConclusion(step: StepEnding): string {
  if (stepFailsJob(step)) return 'failure';
  if (step.status === 'failure' || step.status === 'timed-out') return 'success';
  return step.status;
}

export type JobEnding = {
  readonly steps: readonly StepEnding[];
  readonly timedOut: boolean;
  readonly cancelled: boolean;
  /** The job could not be set up (checkout failed, an expression failed). */
  readonly setupFailed: boolean;
};

/** A finished job's status. Pure. */
export function jobStatus(job: JobEnding): JobStatus {
  if (job.timedOut) return 'timed-out';
  if (job.setupFailed || job.steps.some(stepFailsJob)) return 'failed';
  if (job.cancelled) return 'cancelled';
  return 'succeeded';
}

/** The plan's view of a job status, for nextRunnableJobs. */
export function planState(status: JobStatus): JobState {
  return status === 'timed-out' ? 'failed' : status;
}

/**
 * A finished run's status: cancelled when cancelled, else failed when a job failed that was
 * not allowed to (job-level continue-on-error), else succeeded. Pure.
 */
export function runStatus(
  jobs: readonly { readonly status: JobStatus; readonly continueOnError: boolean }[],
  cancelled: boolean,
): RunStatus {
  if (cancelled) return 'cancelled';
  const failed = jobs.some(
    (job) => (job.status === 'failed' || job.status === 'timed-out') && !job.continueOnError,
  );
  return failed ? 'failed' : 'succeeded';
}

/** "job build, step 'coverage' (slipway/coverage-gate): coverage 73.4% is below 80%". Pure. */
export function describeFailure(job: JobRecord, step: StepRecord | undefined): string {
  if (step === undefined) return `job ${job.id}: ${job.message ?? job.status}`;
  const uses = step.uses === undefined || step.uses === step.name ? '' : ` (${step.uses})`;
  const why = step.message ?? step.status;
  return `job ${job.id}, step '${step.name}'${uses}: ${why}`;
}

/** Every failing gate of a run, in job order: failed steps, or the job itself. Pure. */
export function failureLines(jobs: readonly JobRecord[]): string[] {
  return jobs.flatMap((job) => {
    if (job.status !== 'failed' && job.status !== 'timed-out') return [];
    const steps = job.steps.filter((s) =>
      stepFailsJob({ status: s.status, continueOnError: s.continueOnError ?? false }),
    );
    return steps.length === 0
      ? [describeFailure(job, undefined)]
      : steps.map((s) => describeFailure(job, s));
  });
}
