// The Rollout's status, field-compatible with Argo Rollouts' where a field exists there.

export type RolloutPhase = 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';

export type PauseReason = 'CanaryPauseStep' | 'InconclusiveAnalysisRun';
export type PauseCondition = { readonly reason: PauseReason; readonly startTime: string };

export type RolloutCondition = {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
  readonly lastTransitionTime: string;
  readonly lastUpdateTime: string;
};

export type RunStatus = {
  readonly name: string;
  readonly status: string;
  readonly message?: string;
};

export type WeightDestination = {
  readonly podTemplateHash: string;
  readonly weight: number;
  readonly serviceName?: string;
};

export type CanaryStatus = {
  readonly weights?: { readonly canary: WeightDestination; readonly stable: WeightDestination };
  readonly currentStepAnalysisRunStatus?: RunStatus;
  readonly currentBackgroundAnalysisRunStatus?: RunStatus;
};

export type RolloutStatus = {
  readonly observedGeneration?: string;
  readonly phase?: RolloutPhase;
  readonly message?: string;
  readonly replicas?: number;
  readonly updatedReplicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly currentPodHash?: string;
  readonly stableRS?: string;
  readonly currentStepIndex?: number;
  readonly pauseConditions?: readonly PauseCondition[];
  readonly controllerPause?: boolean;
  readonly abort?: boolean;
  readonly abortedAt?: string;
  readonly promoteFull?: boolean;
  readonly canary?: CanaryStatus;
  readonly conditions?: readonly RolloutCondition[];
  readonly selector?: string;
  readonly restartedAt?: string;
};

/** Sets a condition, keeping its transition time when the status did not change. Pure. */
export function withCondition(
  conditions: readonly RolloutCondition[] | undefined,
  next: Omit<RolloutCondition, 'lastTransitionTime' | 'lastUpdateTime'>,
  now: string,
  touch = true,
): RolloutCondition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === next.type);
  const previous = index >= 0 ? list[index] : undefined;
  const same =
    previous?.status === next.status &&
    previous.reason === next.reason &&
    previous.message === next.message;
  const condition: RolloutCondition = {
    ...next,
    lastTransitionTime:
      previous !== undefined && previous.status === next.status ? previous.lastTransitionTime : now,
    lastUpdateTime: previous !== undefined && same && !touch ? previous.lastUpdateTime : now,
  };
  if (index >= 0) list[index] = condition;
  else list.push(condition);
  return list;
}

export function conditionOf(status: RolloutStatus, type: string): RolloutCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}
