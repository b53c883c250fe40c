import { hostname } from 'node:os';
import { join } from 'node:path';
import type { PipelineJob } from '../definition/index.js';
import { interpolate, type ExpressionObject } from '../expressions/index.js';
import {
  eventContext,
  nextRunnableJobs,
  type JobState,
  type PipelinePlan,
  type TriggerEvent,
} from '../plan/index.js';
import type { JobRecord, RunRecord, RunStore } from '../../store/index.js';
import type { AbortReason } from './abort-reason.js';
import { awaitGroupTurn } from './concurrency-wait.js';
import { newStepRecord } from './job-context.js';
import { createRunMasker, type RunMasker } from './log-masking.js';
import { RunLog, type LogListener } from './run-log.js';
import { runJob } from './run-job.js';
import { cacheRoot, newRunId, runLayout, type RunLayout } from './run-layout.js';
import { failureLines, planState, runStatus } from './status-rollup.js';
import type { StepActions } from './step-action.js';
import { hostEnv, type Env } from './step-env.js';

// Runs a plan: waits its turn in its concurrency group, starts jobs as their needs finish (at
// most `parallelism` at once), polls the store's cancel flag, and records everything as it goes.

export type RunnerDeps = {
  readonly store: RunStore;
  /** Steps `uses:` can name: the native actions and Slipway's own. */
  readonly actions: StepActions;
  readonly postActions?: StepActions;
  readonly secrets?: Readonly<Record<string, string>>;
  /** Every log line as it is stored, masked. */
  readonly onLog?: LogListener;
  /** Mints a run's own identity token (Slipway's issuer); runs have none when absent. */
  readonly identityToken?: (request: RunTokenRequest) => string;
};

/** What a run's identity token is made from. */
export type RunTokenRequest = {
  readonly runId: string;
  /** What the jobs clone: the repository's URL (or directory). */
  readonly repo: string;
  readonly pipeline: string;
  readonly event: TriggerEvent;
  readonly audience: string;
};

export type RunPipelineOptions = {
  /** What each job clones: a directory or a URL. */
  readonly repo: string;
  readonly runId?: string;
  /** Jobs at once; 2 when absent. */
  readonly parallelism?: number;
  /** Cancels the run when it fires (Ctrl-C). */
  readonly signal?: AbortSignal;
  /** How often the cancel flag and the concurrency group are read; 1 s when absent. */
  readonly pollIntervalMs?: number;
  readonly killGraceMs?: number;
  /** Root of runs and caches; $SLIPWAY_CACHE or ~/.cache/slipway when absent. */
  readonly cacheDir?: string;
  /** Called once the run is stored, before it waits or starts. */
  readonly onCreated?: (run: RunRecord) => void;
};

const jobResults: Readonly<Record<JobState, string>> = {
  pending: 'pending',
  running: 'running',
  succeeded: 'success',
  failed: 'failure',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

export async function runPipeline(
  plan: PipelinePlan,
  deps: RunnerDeps,
  options: RunPipelineOptions,
): Promise<RunRecord> {
  const id = options.runId ?? newRunId();
  const layout = runLayout(options.cacheDir ?? cacheRoot(), id, options.repo);
  const run = newRunRecord(plan, id, options.repo);
  await deps.store.createRun(run);
  options.onCreated?.(run);
  const secrets = deps.secrets ?? {};
  const mask = createRunMasker(secrets);
  const log = new RunLog(deps.store, id, mask, deps.onLog);
  const cancel = new AbortController();
  const stopWatching = watchCancel(deps.store, id, cancel, options);
  let crash: string | undefined;
  try {
    const runLog = log.forStep('run', 'concurrency', join(layout.dir, 'run.log'));
    const turn =
      plan.concurrency === undefined ||
      (await awaitGroupTurn({
        store: deps.store,
        run,
        group: plan.concurrency.group,
        cancelInProgress: plan.concurrency.cancelInProgress,
        pollIntervalMs: options.pollIntervalMs ?? 1000,
        signal: cancel.signal,
        log: runLog,
      }));
    if (turn) {
      run.status = 'running';
      run.startedAt = new Date().toISOString();
      await deps.store.updateRun(id, { status: 'running', startedAt: run.startedAt });
      await scheduleJobs(plan, run, {
        deps,
        options,
        layout,
        log,
        mask,
        secrets,
        signal: cancel.signal,
      });
    }
  } catch (error) {
    // Recorded rather than thrown, so the stored run does not stay "running" forever.
    crash = `the runner failed: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    stopWatching();
  }
  for (const job of run.summary.jobs) {
    if (job.status === 'pending') {
      job.status = 'skipped';
      job.message = 'the run was cancelled';
    }
  }
  run.summary.failures = [
    ...failureLines(run.summary.jobs),
    ...(crash === undefined ? [] : [crash]),
  ];
  run.status =
    crash !== undefined
      ? 'failed'
      : runStatus(
          run.summary.jobs.map((job) => ({
            status: job.status,
            continueOnError:
              plan.pipeline.jobs.find((j) => j.id === job.id)?.continueOnError ?? false,
          })),
          cancel.signal.aborted,
        );
  run.finishedAt = new Date().toISOString();
  await log.flush();
  await deps.store.updateRun(id, {
    status: run.status,
    finishedAt: run.finishedAt,
    summary: run.summary,
  });
  return run;
}

function newRunRecord(plan: PipelinePlan, id: string, repo: string): RunRecord {
  const jobs: JobRecord[] = plan.pipeline.jobs.map((job) => ({
    id: job.id,
    name: job.name ?? job.id,
    status: 'pending',
    outputs: {},
    container: job.container?.image,
    needs: [...job.needs],
    steps: job.steps.map(newStepRecord),
  }));
  return {
    id,
    pipeline: plan.pipeline.name,
    repo,
    event: plan.event,
    status: 'queued',
    concurrencyGroup: plan.concurrency?.group,
    cancelRequested: false,
    createdAt: new Date().toISOString(),
    startedAt: undefined,
    finishedAt: undefined,
    owner: { host: hostname(), pid: process.pid },
    summary: { file: plan.pipeline.file, reason: plan.reason, jobs, failures: [] },
  };
}

/** Polls the store's cancel flag and follows the caller's signal; returns a stop function. */
function watchCancel(
  store: RunStore,
  id: string,
  cancel: AbortController,
  options: RunPipelineOptions,
): () => void {
  const reason: AbortReason = { kind: 'cancel' };
  const onSignal = (): void => cancel.abort(reason);
  if (options.signal?.aborted) onSignal();
  options.signal?.addEventListener('abort', onSignal, { once: true });
  const timer = setInterval(() => {
    // Through then(), so a store that throws rather than rejects cannot crash the process.
    Promise.resolve()
      .then(() => store.getRun(id))
      .then(
        (stored) => {
          if (stored?.cancelRequested) cancel.abort(reason);
        },
        () => undefined,
      );
  }, options.pollIntervalMs ?? 1000);
  return () => {
    clearInterval(timer);
    options.signal?.removeEventListener('abort', onSignal);
  };
}

type Scheduling = {
  readonly deps: RunnerDeps;
  readonly options: RunPipelineOptions;
  readonly layout: RunLayout;
  readonly log: RunLog;
  /** Masks the secrets and every token minted for the run, in log lines and step messages. */
  readonly mask: RunMasker;
  readonly secrets: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
};

async function scheduleJobs(plan: PipelinePlan, run: RunRecord, s: Scheduling): Promise<void> {
  const states: Record<string, JobState> = {};
  const outputs: Record<string, Record<string, string>> = {};
  const running = new Map<string, Promise<void>>();
  const parallelism = Math.max(1, s.options.parallelism ?? 2);
  const recordOf = (jobId: string): JobRecord | undefined =>
    run.summary.jobs.find((job) => job.id === jobId);
  const save = (): Promise<void> => s.deps.store.updateRun(run.id, { summary: run.summary });
  const pipelineEnv = interpolatePipelineEnv(plan, s.secrets);
  for (;;) {
    const next = nextRunnableJobs(plan, states, { outputs, cancelled: s.signal.aborted });
    for (const decision of [...next.skip, ...next.fail]) {
      const record = recordOf(decision.job);
      const failed = next.fail.includes(decision);
      states[decision.job] = failed ? 'failed' : 'skipped';
      if (record === undefined) continue;
      record.status = failed ? 'failed' : 'skipped';
      record.message = decision.reason;
      for (const step of record.steps) step.status = 'skipped';
    }
    const startable = next.start.filter((jobId) => !running.has(jobId));
    for (const jobId of startable.slice(0, parallelism - running.size)) {
      const job = plan.pipeline.jobs.find((candidate) => candidate.id === jobId);
      const record = recordOf(jobId);
      if (job === undefined || record === undefined) continue;
      states[jobId] = 'running';
      const needs = needsContext(job, states, outputs);
      const started = runJob({
        job,
        record,
        layout: s.layout.job(jobId),
        repo: s.options.repo,
        run: {
          id: run.id,
          pipeline: plan.pipeline.name,
          event: plan.event,
          artifactsDir: s.layout.artifacts,
          cacheDir: s.layout.repoCache,
          ...runIdentityToken(s, run.id, plan),
        },
        secrets: s.secrets,
        mask: s.mask,
        pipelineEnv,
        hostEnv: hostEnv(process.env),
        needs,
        actions: s.deps.actions,
        postActions: s.deps.postActions ?? {},
        log: s.log,
        signal: s.signal,
        killGraceMs: s.options.killGraceMs ?? 5000,
        runStartedAt: run.startedAt ?? new Date().toISOString(),
        anyJobFailed: () => Object.values(states).some((state) => state === 'failed'),
        changed: save,
      }).then((finished) => {
        states[jobId] = planState(finished.status);
        outputs[jobId] = finished.outputs;
        running.delete(jobId);
      });
      running.set(jobId, started);
    }
    const changed = next.skip.length + next.fail.length > 0;
    if (running.size === 0 && !changed) break;
    if (changed) await save();
    if (running.size > 0) await Promise.race(running.values());
  }
}

/**
 * The run's token minter for its steps, bound to this run; nothing without an issuer. Each token
 * is masked like a secret from the moment it exists.
 */
function runIdentityToken(
  s: Scheduling,
  runId: string,
  plan: PipelinePlan,
): { identityToken?: (audience: string) => string } {
  const mint = s.deps.identityToken;
  if (mint === undefined) return {};
  return {
    identityToken: (audience) => {
      const token = mint({
        runId,
        repo: s.options.repo,
        pipeline: plan.pipeline.name,
        event: plan.event,
        audience,
      });
      s.mask.hide(token);
      return token;
    },
  };
}

function needsContext(
  job: PipelineJob,
  states: Readonly<Record<string, JobState>>,
  outputs: Readonly<Record<string, Record<string, string>>>,
): ExpressionObject {
  const entries = job.needs.map((need) => [
    need,
    { result: jobResults[states[need] ?? 'pending'], outputs: { ...(outputs[need] ?? {}) } },
  ]);
  return Object.fromEntries(entries) as ExpressionObject;
}

function interpolatePipelineEnv(
  plan: PipelinePlan,
  secrets: Readonly<Record<string, string>>,
): Env {
  const context = { event: eventContext(plan.event), secrets: { ...secrets } };
  const env: Env = {};
  for (const [name, value] of Object.entries(plan.pipeline.env)) {
    env[name] = interpolate(value, context);
  }
  return env;
}
