import type { CanaryStep } from '../../config/rollout.js';
import { analysisFailure, analysisVerdict, type AnalysisRunPlan } from './analysis-plan.js';
import { durationMs, weightAtStep, type CanaryContext } from './canary-input.js';
import { canaryReplicaPlan } from './replica-plan.js';
import type { CanaryStatus, PauseCondition, PauseReason, RolloutStatus } from './rollout-status.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The canary status without one of its analysis-run records; undefined stays undefined. */
export function withoutRun(
  canary: CanaryStatus | undefined,
  key: 'currentStepAnalysisRunStatus' | 'currentBackgroundAnalysisRunStatus',
): CanaryStatus | undefined {
  if (canary === undefined) return undefined;
  const copy: Mutable<CanaryStatus> = { ...canary };
  delete copy[key];
  return copy;
}
export type StatusDraft = Mutable<RolloutStatus>;

export type StepOutcome =
  | { readonly kind: 'complete' }
  | { readonly kind: 'wait'; readonly requeueAfterMs?: number }
  | { readonly kind: 'abort'; readonly reason: string };

export type StepEffects = { readonly createRuns: AnalysisRunPlan[] };

const hasPause = (status: RolloutStatus, reason: PauseReason): PauseCondition | undefined =>
  status.pauseConditions?.find((p) => p.reason === reason);

/**
 * A pause, as Argo Rollouts keeps it: entering adds a pause condition and sets controllerPause;
 * a promote removes the condition (controllerPause still set), which completes the step; a
 * timed pause completes by itself once its duration has passed.
 */
export function pauseOutcome(
  ctx: CanaryContext,
  draft: StatusDraft,
  reason: PauseReason,
  duration: number | string | undefined,
): StepOutcome {
  const waitFor = duration === undefined ? undefined : durationMs(duration);
  const existing = hasPause(draft, reason);
  if (existing !== undefined) {
    if (waitFor === undefined) return { kind: 'wait' };
    const left = Date.parse(existing.startTime) + waitFor - ctx.nowMs;
    return left <= 0 ? { kind: 'complete' } : { kind: 'wait', requeueAfterMs: left };
  }
  if (draft.controllerPause === true) return { kind: 'complete' };
  draft.pauseConditions = [...(draft.pauseConditions ?? []), { reason, startTime: ctx.now }];
  draft.controllerPause = true;
  return waitFor === undefined ? { kind: 'wait' } : { kind: 'wait', requeueAfterMs: waitFor };
}

function analysisStepOutcome(
  ctx: CanaryContext,
  draft: StatusDraft,
  step: CanaryStep,
  index: number,
  effects: StepEffects,
): StepOutcome {
  if (step.analysis === undefined) return { kind: 'complete' };
  const verdict = analysisVerdict(
    ctx,
    draft.canary?.currentStepAnalysisRunStatus,
    step.analysis,
    index,
  );
  draft.canary = { ...draft.canary, currentStepAnalysisRunStatus: verdict.status };
  switch (verdict.kind) {
    case 'create':
      effects.createRuns.push(verdict.plan);
      return { kind: 'wait' };
    case 'successful':
      return { kind: 'complete' };
    case 'failed':
      return { kind: 'abort', reason: analysisFailure(verdict.status) };
    case 'inconclusive':
      return pauseOutcome(ctx, draft, 'InconclusiveAnalysisRun', undefined);
    default:
      return { kind: 'wait' };
  }
}

/** Evaluates the step at `index` against what is observed. May add to the draft and effects. */
export function stepOutcome(
  ctx: CanaryContext,
  draft: StatusDraft,
  stableHash: string,
  index: number,
  effects: StepEffects,
): StepOutcome {
  const step = ctx.steps[index];
  if (step === undefined) return { kind: 'complete' };
  if (step.setWeight !== undefined) {
    const plan = canaryReplicaPlan(ctx, stableHash, weightAtStep(ctx.steps, index));
    return plan.atDesired ? { kind: 'complete' } : { kind: 'wait' };
  }
  if (step.pause !== undefined) {
    return pauseOutcome(ctx, draft, 'CanaryPauseStep', step.pause.duration);
  }
  return analysisStepOutcome(ctx, draft, step, index, effects);
}

/** Leaves a completed step: its pause and its analysis are behind it. */
export function leaveStep(draft: StatusDraft): void {
  draft.currentStepIndex = (draft.currentStepIndex ?? 0) + 1;
  delete draft.pauseConditions;
  draft.controllerPause = false;
  draft.canary = withoutRun(draft.canary, 'currentStepAnalysisRunStatus');
}
