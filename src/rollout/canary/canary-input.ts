import { parseDuration } from '../../config/analysis.js';
import { rolloutDefaults, type CanaryStep, type RolloutSpec } from '../../config/rollout.js';
import { surgeLimits, type SurgeLimits } from './replica-math.js';
import type { RolloutStatus } from './rollout-status.js';

/** A ReplicaSet of the Rollout as the controller observed it. */
export type ObservedReplicaSet = {
  readonly name: string;
  readonly hash: string;
  readonly revision: number;
  /** spec.replicas */
  readonly replicas: number;
  /** status.replicas: pods that exist */
  readonly podCount: number;
  readonly readyReplicas: number;
  readonly availableReplicas: number;
  /** When an old stable ReplicaSet kept up behind a traffic router may scale down. */
  readonly scaleDownDeadline?: string;
};

export type ObservedAnalysisRun = {
  readonly name: string;
  readonly phase: string;
  readonly message?: string;
};

export type CanaryInput = {
  readonly name: string;
  readonly generation: number;
  readonly spec: RolloutSpec;
  readonly status: RolloutStatus;
  /** The pod-template hash of the desired template. */
  readonly hash: string;
  readonly replicaSets: readonly ObservedReplicaSet[];
  readonly analysisRuns: readonly ObservedAnalysisRun[];
  readonly now: Date;
};

/** What every decision needs, derived once from the input. Pure. */
export type CanaryContext = {
  readonly input: CanaryInput;
  readonly steps: readonly CanaryStep[];
  readonly replicas: number;
  readonly limits: SurgeLimits;
  readonly routed: boolean;
  readonly now: string;
  readonly nowMs: number;
  readonly newRS: ObservedReplicaSet | undefined;
  readonly revision: number;
};

export function canaryContext(input: CanaryInput): CanaryContext {
  const canary = input.spec.strategy.canary;
  const replicas = input.spec.replicas ?? rolloutDefaults.replicas;
  const newRS = input.replicaSets.find((rs) => rs.hash === input.hash);
  const highest = Math.max(0, ...input.replicaSets.map((rs) => rs.revision));
  const revision = newRS !== undefined && newRS.revision === highest ? highest : highest + 1;
  return {
    input,
    steps: canary.steps ?? [],
    replicas,
    limits: surgeLimits(replicas, canary.maxSurge, canary.maxUnavailable),
    routed:
      canary.trafficRouting?.nginx !== undefined || canary.trafficRouting?.gatewayAPI !== undefined,
    now: input.now.toISOString(),
    nowMs: input.now.getTime(),
    newRS,
    revision,
  };
}

/** The weight in force at a step: the last setWeight at or before it; 100 past the last step. */
export function weightAtStep(steps: readonly CanaryStep[], index: number): number {
  if (index >= steps.length) return 100;
  for (let i = Math.min(index, steps.length - 1); i >= 0; i -= 1) {
    const weight = steps[i]?.setWeight;
    if (weight !== undefined) return weight;
  }
  return 0;
}

/** Argo durations (a number of seconds, or "30s", "5m", "1h30m"); NaN when not a duration. */
export function durationMs(value: number | string): number {
  try {
    return parseDuration(value, 'duration');
  } catch {
    return Number.NaN;
  }
}
