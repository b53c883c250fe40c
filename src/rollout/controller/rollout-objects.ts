import type { LabelSelector, PodTemplate } from '../../config/rollout.js';
import { slipwayApiVersion, type KubeObject } from '../../kube/index.js';
import type { ObservedAnalysisRun, ObservedReplicaSet } from '../canary/canary-input.js';
import { podTemplateHashLabel } from '../canary/pod-template-hash.js';
import type { ReplicaSetTarget } from '../canary/replica-plan.js';

// The annotations Argo Rollouts puts on its ReplicaSets, so tools that read them still work.
export const revisionAnnotation = 'rollout.argoproj.io/revision';
export const scaleDownDeadlineAnnotation = 'scale-down-deadline';
export const managedByAnnotation = 'argo-rollouts.argoproj.io/managed-by-rollouts';
/**
 * The Rollout's pod template exactly as written, before the API server adds its defaults to the
 * ReplicaSet's copy: undo puts this back, so the template hashes the same and the old
 * ReplicaSet is reused (an instant rollback).
 */
export const podTemplateAnnotation = 'slipway.dev/pod-template';

export type RolloutObject = KubeObject & { spec?: unknown; status?: Record<string, unknown> };

export function ownerReference(rollout: KubeObject): Record<string, unknown> {
  return {
    apiVersion: slipwayApiVersion,
    kind: 'Rollout',
    name: rollout.metadata.name,
    uid: rollout.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The ReplicaSet for one pod-template hash: template labels and selector carry the hash. Pure. */
export function replicaSetObject(
  rollout: KubeObject,
  template: PodTemplate,
  selector: LabelSelector,
  target: ReplicaSetTarget,
  minReadySeconds: number | undefined,
): KubeObject {
  const labels = { ...(template.metadata?.labels ?? {}), [podTemplateHashLabel]: target.hash };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: target.name,
      namespace: rollout.metadata.namespace ?? 'default',
      labels,
      annotations: {
        [revisionAnnotation]: String(target.revision),
        [podTemplateAnnotation]: JSON.stringify(template),
      },
      ownerReferences: [ownerReference(rollout)],
    },
    spec: {
      replicas: target.replicas,
      ...(minReadySeconds === undefined ? {} : { minReadySeconds }),
      selector: {
        ...selector,
        matchLabels: { ...(selector.matchLabels ?? {}), [podTemplateHashLabel]: target.hash },
      },
      template: { ...template, metadata: { ...template.metadata, labels } },
    },
  };
}

const num = (value: unknown): number => (typeof value === 'number' ? value : 0);

/** What the state machine needs of a ReplicaSet. Pure. */
export function observeReplicaSet(rs: KubeObject): ObservedReplicaSet {
  const spec = rs['spec'] as { replicas?: number } | undefined;
  const status = rs['status'] as Record<string, unknown> | undefined;
  const deadline = rs.metadata.annotations?.[scaleDownDeadlineAnnotation];
  return {
    name: rs.metadata.name,
    hash: rs.metadata.labels?.[podTemplateHashLabel] ?? '',
    revision: Number(rs.metadata.annotations?.[revisionAnnotation] ?? 0),
    replicas: spec?.replicas ?? 0,
    podCount: num(status?.['replicas']),
    readyReplicas: num(status?.['readyReplicas']),
    availableReplicas: num(status?.['availableReplicas']),
    ...(deadline === undefined ? {} : { scaleDownDeadline: deadline }),
  };
}

export function observeAnalysisRun(run: KubeObject): ObservedAnalysisRun {
  const status = run['status'] as { phase?: string; message?: string } | undefined;
  return {
    name: run.metadata.name,
    phase: status?.phase ?? 'Pending',
    ...(status?.message ? { message: status.message } : {}),
  };
}

/** The patch that brings an existing ReplicaSet to its target, or undefined when it is there. */
export function replicaSetPatch(
  observed: ObservedReplicaSet,
  target: ReplicaSetTarget,
): Record<string, unknown> | undefined {
  const annotations: Record<string, string | null> = {};
  if (observed.revision !== target.revision)
    annotations[revisionAnnotation] = String(target.revision);
  if (
    target.scaleDownDeadline !== undefined &&
    target.scaleDownDeadline !== (observed.scaleDownDeadline ?? null)
  )
    annotations[scaleDownDeadlineAnnotation] = target.scaleDownDeadline;
  const scale = observed.replicas !== target.replicas;
  if (!scale && Object.keys(annotations).length === 0) return undefined;
  return {
    ...(Object.keys(annotations).length > 0 ? { metadata: { annotations } } : {}),
    ...(scale ? { spec: { replicas: target.replicas } } : {}),
  };
}

/** ReplicaSets past revisionHistoryLimit: scaled to zero, oldest first. Pure. */
export function replicaSetsToDelete(
  sets: readonly ObservedReplicaSet[],
  keepHashes: ReadonlySet<string>,
  limit: number,
): string[] {
  const idle = sets
    .filter((rs) => !keepHashes.has(rs.hash) && rs.replicas === 0 && rs.podCount === 0)
    .sort((a, b) => b.revision - a.revision);
  return idle.slice(limit).map((rs) => rs.name);
}
