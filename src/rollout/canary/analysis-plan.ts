import type { RolloutAnalysis } from '../../config/rollout.js';
import type { CanaryContext } from './canary-input.js';
import type { RunStatus } from './rollout-status.js';

/** An AnalysisRun the controller should create from the Rollout's templates. */
export type AnalysisRunPlan = {
  readonly name: string;
  readonly kind: 'step' | 'background';
  readonly analysis: RolloutAnalysis;
  readonly stepIndex?: number;
  readonly revision: number;
};

export type RunVerdict =
  | { readonly kind: 'create'; readonly plan: AnalysisRunPlan; readonly status: RunStatus }
  | { readonly kind: 'running'; readonly status: RunStatus }
  | { readonly kind: 'successful'; readonly status: RunStatus }
  | { readonly kind: 'inconclusive'; readonly status: RunStatus }
  | { readonly kind: 'failed'; readonly status: RunStatus };

/** Argo's names: `<rollout>-<hash>-<revision>[-<step>]`, with `.N` added when retried. */
export function analysisRunBaseName(ctx: CanaryContext, stepIndex?: number): string {
  const base = `${ctx.input.name}-${ctx.input.hash}-${ctx.revision}`;
  return stepIndex === undefined ? base : `${base}-${stepIndex}`;
}

function uniqueName(ctx: CanaryContext, base: string): string {
  const taken = new Set(ctx.input.analysisRuns.map((r) => r.name));
  if (!taken.has(base)) return base;
  let n = 1;
  while (taken.has(`${base}.${n}`)) n += 1;
  return `${base}.${n}`;
}

const belongsTo = (name: string, base: string): boolean =>
  name === base || new RegExp(`^${base.replace(/[.]/g, '\\.')}\\.\\d+$`).test(name);

/**
 * Where the analysis the Rollout is waiting on stands: a run to create, or the verdict of the run
 * recorded in status. A run recorded for another step or revision does not count.
 */
export function analysisVerdict(
  ctx: CanaryContext,
  current: RunStatus | undefined,
  analysis: RolloutAnalysis,
  stepIndex?: number,
): RunVerdict {
  const base = analysisRunBaseName(ctx, stepIndex);
  if (current === undefined || !belongsTo(current.name, base)) {
    const name = uniqueName(ctx, base);
    return {
      kind: 'create',
      plan: {
        name,
        kind: stepIndex === undefined ? 'background' : 'step',
        analysis,
        revision: ctx.revision,
        ...(stepIndex === undefined ? {} : { stepIndex }),
      },
      status: { name, status: 'Pending' },
    };
  }
  const observed = ctx.input.analysisRuns.find((r) => r.name === current.name);
  const phase = observed?.phase ?? 'Pending';
  const status: RunStatus = {
    name: current.name,
    status: phase,
    ...(observed?.message ? { message: observed.message } : {}),
  };
  switch (phase) {
    case 'Successful':
      return { kind: 'successful', status };
    case 'Failed':
    case 'Error':
      return { kind: 'failed', status };
    case 'Inconclusive':
      return { kind: 'inconclusive', status };
    default:
      return { kind: 'running', status };
  }
}

/** A failed run's reason for the abort message. */
export function analysisFailure(status: RunStatus): string {
  return `AnalysisRun "${status.name}" ${status.status === 'Error' ? 'errored' : 'failed'}${
    status.message ? `: ${status.message}` : ''
  }`;
}
