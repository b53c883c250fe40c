import { rolloutDefaults } from '../../config/rollout.js';
import type { CanaryContext } from './canary-input.js';
import { replicaSetName, type ReplicaPlan } from './replica-plan.js';
import {
  conditionOf,
  withCondition,
  type RolloutPhase,
  type RolloutStatus,
} from './rollout-status.js';
import type { StatusDraft } from './step-progress.js';

const deadlineMs = (ctx: CanaryContext): number =>
  (ctx.input.spec.progressDeadlineSeconds ?? rolloutDefaults.progressDeadlineSeconds) * 1000;

const isPaused = (ctx: CanaryContext, draft: StatusDraft): boolean =>
  ctx.input.spec.paused === true || (draft.pauseConditions?.length ?? 0) > 0;

function counts(ctx: CanaryContext): {
  replicas: number;
  updatedReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
} {
  const sets = ctx.input.replicaSets;
  return {
    replicas: sets.reduce((n, rs) => n + rs.podCount, 0),
    updatedReplicas: ctx.newRS?.podCount ?? 0,
    readyReplicas: sets.reduce((n, rs) => n + rs.readyReplicas, 0),
    availableReplicas: sets.reduce((n, rs) => n + rs.availableReplicas, 0),
  };
}

/** Something moved since the last reconcile: a step, a template, or pods becoming available. */
function progressed(ctx: CanaryContext, draft: StatusDraft): boolean {
  const before = ctx.input.status;
  const now = counts(ctx);
  return (
    before.currentPodHash !== draft.currentPodHash ||
    before.currentStepIndex !== draft.currentStepIndex ||
    before.stableRS !== draft.stableRS ||
    before.updatedReplicas !== now.updatedReplicas ||
    before.availableReplicas !== now.availableReplicas
  );
}

function deadlineExceeded(ctx: CanaryContext, draft: StatusDraft, plan: ReplicaPlan): boolean {
  if (isPaused(ctx, draft) || plan.atDesired || progressed(ctx, draft)) return false;
  const last = conditionOf(ctx.input.status, 'Progressing');
  if (last === undefined || last.reason === 'RolloutPaused') return false;
  if (last.reason === 'ProgressDeadlineExceeded') return true;
  return Date.parse(last.lastUpdateTime) + deadlineMs(ctx) <= ctx.nowMs;
}

export function progressDeadlineMessage(ctx: CanaryContext): string {
  return `ReplicaSet "${replicaSetName(ctx.input.name, ctx.input.hash)}" has timed out progressing.`;
}

/** The canary's pods are not ready by progressDeadlineSeconds and the spec asks to abort. */
export function deadlineAbort(ctx: CanaryContext, draft: StatusDraft, plan: ReplicaPlan): boolean {
  return ctx.input.spec.progressDeadlineAbort === true && deadlineExceeded(ctx, draft, plan);
}

function phaseOf(
  ctx: CanaryContext,
  draft: StatusDraft,
  plan: ReplicaPlan,
  timedOut: boolean,
): { phase: RolloutPhase; message?: string } {
  if (draft.abort === true)
    return { phase: 'Degraded', message: draft.message ?? 'RolloutAborted' };
  if (timedOut)
    return {
      phase: 'Degraded',
      message: `ProgressDeadlineExceeded: ${progressDeadlineMessage(ctx)}`,
    };
  if (ctx.input.spec.paused === true) return { phase: 'Paused', message: 'manually paused' };
  const pause = draft.pauseConditions?.[0];
  if (pause !== undefined) return { phase: 'Paused', message: pause.reason };
  if (draft.stableRS === ctx.input.hash && plan.atDesired) return { phase: 'Healthy' };
  if (draft.stableRS !== ctx.input.hash && plan.atDesired)
    return { phase: 'Progressing', message: 'waiting for the canary step to complete' };
  return { phase: 'Progressing', message: 'more replicas need to be updated' };
}

function progressingCondition(
  ctx: CanaryContext,
  draft: StatusDraft,
  phase: RolloutPhase,
  timedOut: boolean,
): { status: 'True' | 'False' | 'Unknown'; reason: string; message: string } {
  const rsName = replicaSetName(ctx.input.name, ctx.input.hash);
  if (draft.abort === true)
    return { status: 'False', reason: 'RolloutAborted', message: draft.message ?? 'aborted' };
  if (timedOut)
    return {
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: progressDeadlineMessage(ctx),
    };
  if (phase === 'Paused')
    return { status: 'Unknown', reason: 'RolloutPaused', message: 'Rollout is paused' };
  if (phase === 'Healthy')
    return {
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rsName}" has successfully progressed.`,
    };
  return {
    status: 'True',
    reason: 'ReplicaSetUpdated',
    message: `ReplicaSet "${rsName}" is progressing.`,
  };
}

function statusWeights(ctx: CanaryContext, draft: StatusDraft, weight: number | undefined): number {
  if (weight !== undefined) return weight;
  return draft.stableRS === ctx.input.hash ? 0 : actualWeight(ctx);
}

/** Without a router the canary's share is its share of the available pods. */
function actualWeight(ctx: CanaryContext): number {
  const total = ctx.input.replicaSets.reduce((n, rs) => n + rs.availableReplicas, 0);
  return total === 0 ? 0 : Math.round((100 * (ctx.newRS?.availableReplicas ?? 0)) / total);
}

/** Fills in the status: counts, weights, conditions, phase and message. Pure. */
export function describeRollout(
  ctx: CanaryContext,
  draft: StatusDraft,
  plan: ReplicaPlan,
  weight: number | undefined,
): { status: RolloutStatus; requeueAfterMs: number | undefined } {
  const timedOut = draft.abort !== true && deadlineExceeded(ctx, draft, plan);
  const { phase, message } = phaseOf(ctx, draft, plan, timedOut);
  const canaryService = ctx.input.spec.strategy.canary.canaryService;
  const stableService = ctx.input.spec.strategy.canary.stableService;
  const canaryWeight = statusWeights(ctx, draft, weight);
  const progressing = progressingCondition(ctx, draft, phase, timedOut);
  let conditions = withCondition(
    draft.conditions,
    { type: 'Progressing', ...progressing },
    ctx.now,
    progressed(ctx, draft),
  );
  const available = counts(ctx).availableReplicas >= ctx.replicas - ctx.limits.maxUnavailable;
  conditions = withCondition(
    conditions,
    {
      type: 'Available',
      status: available ? 'True' : 'False',
      reason: 'AvailableReason',
      message: available
        ? 'Rollout has minimum availability'
        : 'Rollout does not have minimum availability',
    },
    ctx.now,
    false,
  );
  conditions = withCondition(
    conditions,
    {
      type: 'Healthy',
      status: phase === 'Healthy' ? 'True' : 'False',
      reason: phase === 'Healthy' ? 'RolloutHealthy' : 'RolloutNotHealthy',
      message: phase === 'Healthy' ? 'Rollout is healthy' : 'Rollout is not healthy',
    },
    ctx.now,
    false,
  );
  const status: RolloutStatus = {
    ...draft,
    ...counts(ctx),
    observedGeneration: String(ctx.input.generation),
    phase,
    ...(message === undefined ? {} : { message }),
    canary: {
      ...draft.canary,
      weights: {
        canary: {
          podTemplateHash: ctx.input.hash,
          weight: canaryWeight,
          ...(canaryService ? { serviceName: canaryService } : {}),
        },
        stable: {
          podTemplateHash: draft.stableRS ?? ctx.input.hash,
          weight: 100 - canaryWeight,
          ...(stableService ? { serviceName: stableService } : {}),
        },
      },
    },
    conditions,
  };
  const pending = !timedOut && phase === 'Progressing' && !plan.atDesired;
  const last = conditionOf(status, 'Progressing');
  const requeueAfterMs =
    pending && last !== undefined
      ? Math.max(Date.parse(last.lastUpdateTime) + deadlineMs(ctx) - ctx.nowMs, 1000)
      : undefined;
  return { status, requeueAfterMs };
}
