import type { CanaryStep, Pod, ReplicaSet, Rollout, RolloutSnapshot } from '../api/types';

// What the Rollout page shows, derived from the snapshot as `slipway rollout get` derives it. Pure.

export type StepState = 'done' | 'current' | 'pending' | 'aborted';

export const stepMarkers: Readonly<Record<StepState, string>> = {
  done: '✔',
  current: '►',
  pending: '·',
  aborted: '✖',
};

export const stepsOf = (rollout: Rollout): readonly CanaryStep[] =>
  rollout.spec?.strategy?.canary?.steps ?? [];

/** ✔ before the current step, ► the current one (✖ when aborted), · after it. */
export function stepStates(
  stepCount: number,
  currentStepIndex: number | undefined,
  aborted = false,
): StepState[] {
  const current = currentStepIndex ?? 0;
  return Array.from({ length: stepCount }, (_, i) => {
    if (i < current) return 'done';
    if (i === current) return aborted ? 'aborted' : 'current';
    return 'pending';
  });
}

const durationText = (d: number | string): string => (typeof d === 'number' ? `${d}s` : d);

/** One step as the spec says it: `setWeight: 20`, `pause: {}`, `pause: 10s`, `analysis: a, b`. */
export function stepText(step: CanaryStep): string {
  if (step.setWeight !== undefined) return `setWeight: ${step.setWeight}`;
  if (step.pause !== undefined)
    return step.pause.duration === undefined
      ? 'pause: {}'
      : `pause: ${durationText(step.pause.duration)}`;
  if (step.analysis !== undefined)
    return `analysis: ${step.analysis.templates.map((t) => t.templateName).join(', ')}`;
  return '(empty step)';
}

/** The weight the steps ask for at `index`: the last setWeight at or before it; 100 when done. */
export function weightAtStep(steps: readonly CanaryStep[], index: number): number {
  if (index >= steps.length) return 100;
  for (let i = Math.min(index, steps.length - 1); i >= 0; i -= 1) {
    const weight = steps[i]?.setWeight;
    if (weight !== undefined) return weight;
  }
  return 0;
}

const podTemplateHashLabel = 'rollouts-pod-template-hash';
export const hashOf = (object: {
  metadata: { labels?: Readonly<Record<string, string>> };
}): string => object.metadata.labels?.[podTemplateHashLabel] ?? '';

export type ReplicaSetRole = 'stable' | 'canary' | 'old';

export function replicaSetRole(rs: ReplicaSet, rollout: Rollout): ReplicaSetRole {
  const hash = hashOf(rs);
  if (hash !== '' && hash === rollout.status?.stableRS) return 'stable';
  if (hash !== '' && hash === rollout.status?.currentPodHash) return 'canary';
  return 'old';
}

export type ReplicaSetView = {
  readonly replicaSet: ReplicaSet;
  readonly role: ReplicaSetRole;
  readonly pods: readonly Pod[];
};

const roleOrder: Readonly<Record<ReplicaSetRole, number>> = { canary: 0, stable: 1, old: 2 };

/**
 * The ReplicaSets with their pods (by pod-template hash), canary first, then stable, then old
 * ones that still have pods or replicas; when canary and stable are the same (a finished
 * rollout) it is shown once, as stable.
 */
export function replicaSetViews(snapshot: RolloutSnapshot): ReplicaSetView[] {
  return snapshot.replicaSets
    .map((replicaSet) => ({
      replicaSet,
      role: replicaSetRole(replicaSet, snapshot.rollout),
      pods: snapshot.pods.filter((pod) => hashOf(pod) !== '' && hashOf(pod) === hashOf(replicaSet)),
    }))
    .filter((v) => v.role !== 'old' || v.pods.length > 0 || (v.replicaSet.spec?.replicas ?? 0) > 0)
    .sort((a, b) => roleOrder[a.role] - roleOrder[b.role]);
}

/** What may be done to the rollout now, so buttons that would be refused are disabled. */
export function rolloutActions(rollout: Rollout): {
  promote: boolean;
  abort: boolean;
  retry: boolean;
} {
  const status = rollout.status ?? {};
  const steps = stepsOf(rollout);
  const inProgress =
    status.currentPodHash !== undefined &&
    status.stableRS !== undefined &&
    status.currentPodHash !== status.stableRS;
  const unfinished = (status.currentStepIndex ?? 0) < steps.length || inProgress;
  return {
    promote: status.abort !== true && unfinished,
    abort: status.abort !== true && inProgress,
    retry: status.abort === true,
  };
}
