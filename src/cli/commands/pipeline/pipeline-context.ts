import { InputError } from '../../../errors/index.js';
import { KubeRest, ObjectClient } from '../../../kube/index.js';
import type { PipelinePlan } from '../../../pipeline/index.js';
import {
  nativePostStepActions,
  nativeStepActions,
  newRunId,
  runPipeline,
  EnvFileSecretSource,
  KubeSecretSource,
  type SecretSource,
  type StepActions,
} from '../../../pipeline/run/index.js';
import { defaultStepActions } from '../../../pipeline/steps/index.js';
import {
  defaultStorePath,
  SqliteRunStore,
  type RunRecord,
  type RunStore,
} from '../../../store/index.js';
import type { CommandOutput } from '../../command.js';
import { table } from '../app/app-context.js';

// What the pipeline commands share: the store, the step registry, running plans in-process
// with live logs, and how a run is shown.

export function openStore(): RunStore {
  return new SqliteRunStore(defaultStorePath());
}

/** The native GitHub actions and Slipway's own steps (src/pipeline/steps). */
export function stepActions(): StepActions {
  return { ...nativeStepActions, ...defaultStepActions() };
}

export async function getRunOrFail(store: RunStore, id: string | undefined): Promise<RunRecord> {
  const run = id === undefined ? undefined : await store.getRun(id);
  if (run === undefined) {
    throw new InputError(`no pipeline run "${id ?? ''}"`, {
      hint: 'list the runs with `slipway pipeline list`',
    });
  }
  return run;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')}s`;
}

export function runDuration(run: RunRecord): number | undefined {
  if (run.startedAt === undefined || run.finishedAt === undefined) return undefined;
  return Date.parse(run.finishedAt) - Date.parse(run.startedAt);
}

/** The job/step table and the failing gates, as `run` and `get` print them. */
export function describeRun(run: RunRecord): string {
  const rows = run.summary.jobs.flatMap((job) => [
    [job.id, '', job.status, formatDuration(job.durationMs), ''],
    ...job.steps.map((step) => [
      '',
      step.name,
      step.status,
      formatDuration(step.durationMs),
      step.exitCode === undefined ? '' : String(step.exitCode),
    ]),
  ]);
  const lines = [table([['JOB', 'STEP', 'STATUS', 'DURATION', 'EXIT'], ...rows])];
  const took = formatDuration(runDuration(run));
  lines.push('', `run ${run.id} ${run.status}${took === '' ? '' : ` in ${took}`}`);
  for (const failure of run.summary.failures) lines.push(`  ✗ ${failure}`);
  return lines.join('\n');
}

export type ExecuteOptions = {
  readonly repo: string;
  readonly secrets: Readonly<Record<string, string>>;
  readonly parallelism: number | undefined;
};

/** Runs each plan in turn, printing its id, live log lines and summary; the worst exit code. */
export async function executePlans(
  plans: readonly PipelinePlan[],
  options: ExecuteOptions,
  io: CommandOutput,
): Promise<number> {
  const store = openStore();
  const abort = new AbortController();
  const onInterrupt = (): void => abort.abort();
  process.once('SIGINT', onInterrupt);
  let exitCode = 0;
  try {
    for (const plan of plans) {
      const runId = newRunId();
      io.out(
        `run ${runId}: pipeline ${plan.pipeline.name} at ${plan.event.sha.slice(0, 12)} (${plan.reason})`,
      );
      const run = await runPipeline(
        plan,
        {
          store,
          actions: stepActions(),
          postActions: nativePostStepActions,
          secrets: options.secrets,
          onLog: (entry) => io.out(`[${entry.job}/${entry.step}] ${entry.line}`),
        },
        { repo: options.repo, runId, parallelism: options.parallelism, signal: abort.signal },
      );
      io.out('');
      io.out(describeRun(run));
      if (run.status !== 'succeeded') exitCode = 1;
    }
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    store.close();
  }
  return exitCode;
}

export const secretOptions = {
  'secrets-file': { type: 'string' },
  'kube-secrets': { type: 'boolean' },
} as const;

/** --secrets-file (outside the repository) or --kube-secrets; none when neither is given. */
export function secretSource(
  values: Record<string, unknown>,
  repoDir: string,
): SecretSource | undefined {
  const file = typeof values['secrets-file'] === 'string' ? values['secrets-file'] : undefined;
  if (file !== undefined && values['kube-secrets'] === true) {
    throw new InputError('--secrets-file and --kube-secrets cannot be used together');
  }
  if (file !== undefined) return new EnvFileSecretSource(file, repoDir);
  if (values['kube-secrets'] === true) {
    return new KubeSecretSource(new ObjectClient(KubeRest.fromConnection()));
  }
  return undefined;
}
