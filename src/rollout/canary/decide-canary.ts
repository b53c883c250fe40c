import { rolloutDefaults } from '../../config/rollout.js';
import { analysisFailure, analysisVerdict, type AnalysisRunPlan } from './analysis-plan.js';
import {
  canaryContext,
  weightAtStep,
  type CanaryContext,
  type CanaryInput,
} from './canary-input.js';
import { canaryReplicaPlan, settledReplicaPlan, type ReplicaPlan } from './replica-plan.js';
import { deadlineAbort, describeRollout, progressDeadlineMessage } from './rollout-phase.js';
import type { RolloutStatus } from './rollout-status.js';
import {
  leaveStep,
  stepOutcome,
  withoutRun,
  type StatusDraft,
  type StepOutcome,
} from './step-progress.js';

export type CanaryDecision = {
  readonly plan: ReplicaPlan;
  readonly stableHash: string;
  readonly canaryHash: string;
  /** The weight to give the canary at the traffic router; undefined without a router. */
  readonly trafficWeight: number | undefined;
  readonly createRuns: readonly AnalysisRunPlan[];
  /** Runs still measuring that should stop (the rollout aborted or finished). */
  readonly terminateRuns: readonly string[];
  readonly status: RolloutStatus;
  readonly requeueAfterMs: number | undefined;
};

const runningPhases = new Set(['Pending', 'Running', '']);

function startFresh(draft: StatusDraft, ctx: CanaryContext): void {
  const first = draft.stableRS === undefined;
  draft.currentPodHash = ctx.input.hash;
  draft.currentStepIndex = first ? ctx.steps.length : 0;
  if (first) draft.stableRS = ctx.input.hash;
  for (const key of ['pauseConditions', 'abortedAt', 'canary'] as const) delete draft[key];
  draft.controllerPause = false;
  draft.abort = false;
  draft.promoteFull = false;
}

function markAborted(draft: StatusDraft, ctx: CanaryContext, reason: string): void {
  draft.abort = true;
  draft.abortedAt = ctx.now;
  draft.message = `RolloutAborted: Rollout aborted update to revision ${ctx.revision}: ${reason}`;
}

/** Read through a function: markAborted changes the draft behind the type checker's back. */
const aborted = (draft: StatusDraft): boolean => draft.abort === true;

function minMs(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  return b === undefined ? a : Math.min(a, b);
}

type Progress = {
  plan: ReplicaPlan;
  createRuns: AnalysisRunPlan[];
  requeueAfterMs: number | undefined;
};

/** Background analysis runs beside the steps from its starting step; a failure aborts. */
function backgroundOutcome(
  ctx: CanaryContext,
  draft: StatusDraft,
  createRuns: AnalysisRunPlan[],
): StepOutcome {
  const analysis = ctx.input.spec.strategy.canary.analysis;
  if (analysis === undefined || (draft.currentStepIndex ?? 0) < (analysis.startingStep ?? 0))
    return { kind: 'complete' };
  const verdict = analysisVerdict(ctx, draft.canary?.currentBackgroundAnalysisRunStatus, analysis);
  draft.canary = { ...draft.canary, currentBackgroundAnalysisRunStatus: verdict.status };
  if (verdict.kind === 'create') createRuns.push(verdict.plan);
  if (verdict.kind === 'failed') return { kind: 'abort', reason: analysisFailure(verdict.status) };
  return { kind: 'wait' };
}

/** Walks the steps as far as what is observed allows; the weight follows the step reached. */
function advanceSteps(ctx: CanaryContext, draft: StatusDraft, stableHash: string): Progress {
  const createRuns: AnalysisRunPlan[] = [];
  let requeueAfterMs: number | undefined;
  if (draft.promoteFull === true && (draft.currentStepIndex ?? 0) < ctx.steps.length) {
    draft.currentStepIndex = ctx.steps.length - 1;
    leaveStep(draft);
  }
  const background = backgroundOutcome(ctx, draft, createRuns);
  if (background.kind === 'abort') markAborted(draft, ctx, background.reason);
  const paused = ctx.input.spec.paused === true;
  while (!paused && draft.abort !== true && (draft.currentStepIndex ?? 0) < ctx.steps.length) {
    const outcome = stepOutcome(ctx, draft, stableHash, draft.currentStepIndex ?? 0, {
      createRuns,
    });
    if (outcome.kind === 'abort') markAborted(draft, ctx, outcome.reason);
    if (outcome.kind !== 'complete') {
      if (outcome.kind === 'wait') requeueAfterMs = outcome.requeueAfterMs;
      break;
    }
    leaveStep(draft);
  }
  const weight = weightAtStep(ctx.steps, draft.currentStepIndex ?? 0);
  return { plan: canaryReplicaPlan(ctx, stableHash, weight), createRuns, requeueAfterMs };
}

function abortPlan(ctx: CanaryContext, draft: StatusDraft, stableHash: string): Progress {
  draft.currentStepIndex = 0;
  delete draft.pauseConditions;
  delete draft.canary;
  draft.controllerPause = false;
  draft.abortedAt ??= ctx.now;
  if (draft.message?.startsWith('RolloutAborted') !== true)
    draft.message = `RolloutAborted: Rollout aborted update to revision ${ctx.revision}`;
  const delayMs = ctx.routed
    ? (ctx.input.spec.strategy.canary.abortScaleDownDelaySeconds ??
        rolloutDefaults.abortScaleDownDelaySeconds) * 1000
    : 0;
  const left = Date.parse(draft.abortedAt) + delayMs - ctx.nowMs;
  return {
    plan: canaryReplicaPlan(ctx, stableHash, 0, left > 0),
    createRuns: [],
    requeueAfterMs: left > 0 ? left : undefined,
  };
}

function routerWeight(
  ctx: CanaryContext,
  draft: StatusDraft,
  settled: boolean,
  plan: ReplicaPlan,
): number | undefined {
  if (!ctx.routed) return undefined;
  if (settled || draft.abort === true) return 0;
  const wanted = weightAtStep(ctx.steps, draft.currentStepIndex ?? 0);
  const previous = ctx.input.status.canary?.weights?.canary.weight ?? 0;
  return plan.atDesired ? wanted : Math.min(previous, wanted);
}

/**
 * The canary state machine, one reconcile of it: from the Rollout's spec, its status and the
 * ReplicaSets and AnalysisRuns observed, what the ReplicaSets, Services, router and status should
 * be. Everything it needs to resume is in status, so a restarted controller decides the same. Pure.
 */
export function decideCanary(input: CanaryInput): CanaryDecision {
  const ctx = canaryContext(input);
  const draft: StatusDraft = { ...input.status };
  // An abort's reason stays until the abort ends; every other message is recomputed.
  if (draft.abort !== true) delete draft.message;
  if (draft.currentPodHash !== input.hash || draft.stableRS === undefined) startFresh(draft, ctx);
  if (!input.replicaSets.some((rs) => rs.hash === draft.stableRS)) draft.stableRS = input.hash;
  const stableHash = draft.stableRS ?? input.hash;
  let progress: Progress;
  if (stableHash === input.hash) {
    const plan = settledReplicaPlan(ctx);
    progress = { plan, createRuns: [], requeueAfterMs: plan.requeueAfterMs };
  } else if (draft.abort === true) {
    progress = abortPlan(ctx, draft, stableHash);
  } else {
    progress = advanceSteps(ctx, draft, stableHash);
    if (!aborted(draft) && deadlineAbort(ctx, draft, progress.plan)) {
      markAborted(draft, ctx, progressDeadlineMessage(ctx));
    }
    if (aborted(draft)) progress = abortPlan(ctx, draft, stableHash);
    else if ((draft.currentStepIndex ?? 0) >= ctx.steps.length && progress.plan.atDesired) {
      draft.stableRS = input.hash;
      draft.promoteFull = false;
      const plan = settledReplicaPlan({ ...ctx, input: { ...input, status: draft } });
      progress = { plan, createRuns: [], requeueAfterMs: plan.requeueAfterMs };
    }
  }
  const settled = draft.stableRS === input.hash;
  const weight = routerWeight(ctx, draft, settled, progress.plan);
  const described = describeRollout(ctx, draft, progress.plan, weight);
  const terminateRuns = runsToStop(ctx, draft, settled);
  if (settled) draft.canary = withoutRun(draft.canary, 'currentBackgroundAnalysisRunStatus');
  return {
    plan: progress.plan,
    stableHash: draft.stableRS ?? input.hash,
    canaryHash: input.hash,
    trafficWeight: weight,
    createRuns: progress.createRuns,
    terminateRuns,
    status: described.status,
    requeueAfterMs: minMs(progress.requeueAfterMs, described.requeueAfterMs),
  };
}

/** Runs to stop: all still measuring once aborted or promoted; otherwise none. */
function runsToStop(ctx: CanaryContext, draft: StatusDraft, settled: boolean): string[] {
  if (!settled && draft.abort !== true) return [];
  return ctx.input.analysisRuns.filter((r) => runningPhases.has(r.phase)).map((r) => r.name);
}
