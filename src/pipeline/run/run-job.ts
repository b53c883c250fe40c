import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { PipelineJob, PipelineStep } from '../definition/index.js';
import {
  evaluateCondition,
  interpolate,
  type ExpressionContext,
  type ExpressionObject,
} from '../expressions/index.js';
import { eventContext } from '../plan/index.js';
import type { JobRecord, StepRecord } from '../../store/index.js';
import { abortReason, describeAbort, timeoutSignal } from './abort-reason.js';
import { checkoutWorkspace } from './checkout.js';
import { newStepRecord, runnerContext, stepsContext } from './job-context.js';
import type { Masker } from './log-masking.js';
import { killProcessGroup } from './process-group.js';
import type { RunLog } from './run-log.js';
import type { JobLayout } from './run-layout.js';
import { executeStep, type StepOutcome } from './run-step.js';
import { jobStatus, stepConclusion, stepFailsJob } from './status-rollup.js';
import type { StepActions, StepContext } from './step-action.js';
import { builtinEnv, interpolateEnv, mergeEnv, type Env } from './step-env.js';
import { createStepFiles, readStepFiles, stepFileEnv } from './step-files.js';

// One job from start to end: a fresh checkout, its steps in order with their `if`, timeouts and
// command files, the post steps of `uses:` steps that have one, and its outputs.

export type JobRun = {
  readonly job: PipelineJob;
  readonly record: JobRecord;
  readonly layout: JobLayout;
  readonly repo: string;
  readonly run: Omit<StepContext['run'], 'job'>;
  readonly secrets: Readonly<Record<string, string>>;
  /** Masks the secrets and the run's tokens (the same masker as the log's). */
  readonly mask: Masker;
  /** The pipeline's env, already interpolated. */
  readonly pipelineEnv: Readonly<Env>;
  readonly hostEnv: Readonly<Env>;
  readonly needs: ExpressionObject;
  readonly actions: StepActions;
  /** Run after the job's steps succeed, in reverse order, for steps whose `uses` has one. */
  readonly postActions: StepActions;
  readonly log: RunLog;
  readonly signal: AbortSignal;
  readonly killGraceMs: number;
  /** When the run started: steps see the run's duration so far (notify reports it). */
  readonly runStartedAt: string;
  /** Whether a job of the run has failed so far (the run's result as notify reports it). */
  readonly anyJobFailed: () => boolean;
  /** Called after each change to the record, to store it. */
  readonly changed: () => Promise<void>;
};

/** Limits an `if: always()` step that runs after a cancel or timeout, which no signal can stop. */
const afterAbortMinutes = 5;

export async function runJob(jobRun: JobRun): Promise<JobRecord> {
  const { job, record } = jobRun;
  const started = Date.now();
  record.status = 'running';
  record.startedAt = new Date(started).toISOString();
  record.steps.splice(0, record.steps.length, ...job.steps.map(newStepRecord));
  await jobRun.changed();
  const jobTimeout = timeoutSignal(job.timeoutMinutes, 'job');
  const signal = AbortSignal.any([jobRun.signal, jobTimeout.signal]);
  const state = new JobState(jobRun, signal);
  try {
    await state.setUp();
    for (const step of job.steps) await state.runStep(step);
    await state.runPostSteps();
    state.finishOutputs();
  } finally {
    jobTimeout.clear();
    for (const group of state.processGroups) killProcessGroup(group);
  }
  const reason = abortReason(signal);
  record.status = jobStatus({
    steps: job.steps.map((step) => ({
      status: record.steps[step.index]?.status ?? 'pending',
      continueOnError: step.continueOnError,
    })),
    timedOut: reason?.kind === 'timeout' && reason.scope === 'job',
    cancelled: reason?.kind === 'cancel',
    setupFailed: state.setupFailure !== undefined,
  });
  record.message ??= reason === undefined ? state.firstFailure() : describeAbort(reason);
  record.finishedAt = new Date().toISOString();
  record.durationMs = Date.now() - started;
  await jobRun.changed();
  return record;
}

class JobState {
  readonly processGroups: number[] = [];
  setupFailure: string | undefined;
  private env: Env = {};
  private readonly pathAdditions: string[] = [];
  private readonly conclusions = new Map<number, string>();
  private readonly posts: (() => Promise<void>)[] = [];

  constructor(
    private readonly jobRun: JobRun,
    private readonly signal: AbortSignal,
  ) {}

  async setUp(): Promise<void> {
    const { job, layout } = this.jobRun;
    const log = this.jobRun.log.forStep(job.id, 'set up job', join(layout.logs, 'setup.log'));
    try {
      await Promise.all([layout.files, layout.temp].map((dir) => mkdir(dir, { recursive: true })));
      await checkoutWorkspace(this.jobRun.repo, this.jobRun.run.event.sha, layout.workspace, log);
      const jobEnv = interpolateEnv(job.env, this.context(), this.jobRun.pipelineEnv);
      this.env = mergeEnv(this.jobRun.pipelineEnv, jobEnv);
    } catch (error) {
      this.setupFailure = `set up failed: ${error instanceof Error ? error.message : String(error)}`;
      this.jobRun.record.message = this.setupFailure;
      log(this.setupFailure);
    }
  }

  private failed(): boolean {
    if (this.setupFailure !== undefined) return true;
    return this.jobRun.job.steps.some((step) => {
      const status = this.jobRun.record.steps[step.index]?.status;
      return (
        status !== undefined && stepFailsJob({ status, continueOnError: step.continueOnError })
      );
    });
  }

  private context(extra: ExpressionContext = {}): ExpressionContext {
    const { jobRun } = this;
    return {
      event: eventContext(jobRun.run.event),
      secrets: { ...jobRun.secrets },
      needs: jobRun.needs,
      env: { ...this.env },
      steps: stepsContext(jobRun.job.steps, jobRun.record.steps, this.conclusions),
      job: { status: this.signal.aborted ? 'cancelled' : this.failed() ? 'failure' : 'success' },
      runner: runnerContext(jobRun.layout.temp),
      status: { failed: this.failed(), cancelled: this.signal.aborted },
      ...extra,
    };
  }

  async runStep(step: PipelineStep): Promise<void> {
    const record = this.jobRun.record.steps[step.index];
    if (record === undefined) return;
    const where = `${step.source.file}:${step.source.line} jobs.${this.jobRun.job.id}.steps[${step.index}]`;
    let runs: boolean;
    try {
      runs = this.setupFailure === undefined && this.decide(step);
    } catch (error) {
      return this.end(step, record, {
        status: 'failure',
        message: `${where}.if: ${message(error)}`,
        outputs: {},
      });
    }
    if (!runs) {
      record.status = 'skipped';
      record.message = this.skipReason(step);
      this.conclusions.set(step.index, 'skipped');
      return this.jobRun.changed();
    }
    record.status = 'running';
    record.startedAt = new Date().toISOString();
    await this.jobRun.changed();
    const afterAbort = this.signal.aborted;
    const timeout = timeoutSignal(
      step.timeoutMinutes ?? (afterAbort ? afterAbortMinutes : undefined),
      'step',
    );
    const signal = afterAbort ? timeout.signal : AbortSignal.any([this.signal, timeout.signal]);
    // An env expression that fails, or a command file that cannot be made, fails the step.
    const outcome = await this.execute(step, record, where, signal).catch(
      (error: unknown): StepOutcome => ({
        status: 'failure',
        message: message(error),
        outputs: {},
      }),
    );
    timeout.clear();
    await this.end(step, record, outcome);
  }

  private decide(step: PipelineStep): boolean {
    if (step.if === undefined) return !this.failed() && !this.signal.aborted;
    return evaluateCondition(step.if, this.context());
  }

  private skipReason(step: PipelineStep): string {
    if (this.setupFailure !== undefined) return 'the job could not be set up';
    if (step.if !== undefined) return `its if is false: ${step.if}`;
    return this.signal.aborted
      ? describeAbort(abortReason(this.signal) ?? { kind: 'cancel' })
      : 'an earlier step failed';
  }

  private async execute(
    step: PipelineStep,
    record: StepRecord,
    where: string,
    signal: AbortSignal,
  ): Promise<StepOutcome> {
    const { jobRun } = this;
    const files = await createStepFiles(jobRun.layout.files, step.index);
    const stepEnv = interpolateEnv(step.env, this.context(), this.env);
    const identity = {
      ...jobRun.run,
      runId: jobRun.run.id,
      workspace: jobRun.layout.workspace,
      job: jobRun.job.id,
      tempDir: jobRun.layout.temp,
    };
    const env = mergeEnv(
      this.env,
      stepEnv,
      builtinEnv(identity),
      stepFileEnv(files),
      this.resultEnv(),
    );
    const logFile = join(jobRun.layout.logs, `${step.index + 1}.log`);
    const invocation = {
      step,
      where,
      container: jobRun.job.container,
      layout: jobRun.layout,
      hostEnv: jobRun.hostEnv,
      env,
      pathAdditions: [...this.pathAdditions],
      context: this.context({ env: { ...env } }),
      actions: jobRun.actions,
      secrets: jobRun.secrets,
      run: { ...jobRun.run, job: jobRun.job.id },
      log: jobRun.log.forStep(jobRun.job.id, record.name, logFile),
      signal,
      killGraceMs: jobRun.killGraceMs,
    };
    const outcome = await executeStep(invocation);
    if (outcome.processGroup !== undefined) this.processGroups.push(outcome.processGroup);
    const post = record.uses === undefined ? undefined : jobRun.postActions[record.uses];
    if (post !== undefined) {
      this.posts.unshift(async () => {
        const ended = await executeStep({
          ...invocation,
          actions: { [record.uses ?? '']: post },
          signal: this.signal,
        });
        if (ended.status !== 'success') record.status = ended.status;
        if (ended.message !== undefined) record.message = `post: ${ended.message}`;
      });
    }
    try {
      const written = await readStepFiles(files);
      this.env = { ...this.env, ...written.env };
      this.pathAdditions.push(...written.path);
      return { ...outcome, outputs: { ...written.outputs, ...outcome.outputs } };
    } catch (error) {
      return outcome.status === 'success'
        ? { ...outcome, status: 'failure', message: message(error) }
        : outcome;
    }
  }

  /** SLIPWAY_PIPELINE_RESULT and SLIPWAY_RUN_DURATION_MS, read by slipway/notify. */
  private resultEnv(): Record<string, string> {
    const result = this.signal.aborted
      ? 'cancelled'
      : this.failed() || this.jobRun.anyJobFailed()
        ? 'failure'
        : 'success';
    return {
      SLIPWAY_PIPELINE_RESULT: result,
      SLIPWAY_RUN_DURATION_MS: String(
        Math.max(Date.now() - Date.parse(this.jobRun.runStartedAt), 0),
      ),
    };
  }

  private async end(step: PipelineStep, record: StepRecord, outcome: StepOutcome): Promise<void> {
    const finished = Date.now();
    record.status = outcome.status;
    record.finishedAt = new Date(finished).toISOString();
    record.startedAt ??= record.finishedAt;
    record.durationMs = finished - Date.parse(record.startedAt);
    record.outputs = { ...outcome.outputs };
    if (outcome.exitCode !== undefined) record.exitCode = outcome.exitCode;
    // A message may quote a secret (a URL, a host): it is masked like every log line.
    if (outcome.message !== undefined) record.message = this.jobRun.mask(outcome.message);
    if (outcome.artifacts !== undefined) record.artifacts = [...outcome.artifacts];
    this.conclusions.set(
      step.index,
      stepConclusion({ status: outcome.status, continueOnError: step.continueOnError }),
    );
    await this.jobRun.changed();
  }

  async runPostSteps(): Promise<void> {
    if (this.failed() || this.signal.aborted) return;
    for (const post of this.posts) await post();
  }

  finishOutputs(): void {
    const { record, job } = this.jobRun;
    const context = this.context();
    for (const [name, template] of Object.entries(job.outputs)) {
      try {
        record.outputs[name] = interpolate(template, context);
      } catch (error) {
        record.message ??= `${job.source.file}:${job.source.line} jobs.${job.id}.outputs.${name}: ${message(error)}`;
      }
    }
  }

  firstFailure(): string | undefined {
    const step = this.jobRun.job.steps.find((candidate) => {
      const status = this.jobRun.record.steps[candidate.index]?.status;
      return (
        status !== undefined && stepFailsJob({ status, continueOnError: candidate.continueOnError })
      );
    });
    const record = step === undefined ? undefined : this.jobRun.record.steps[step.index];
    return record === undefined
      ? undefined
      : `step '${record.name}': ${record.message ?? record.status}`;
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
