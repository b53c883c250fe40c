// Health of the built-in `apps` controllers, following the rollout-status rules kubectl and
// Argo CD's gitops-engine apply: first wait for the controller to observe the latest spec, then
// compare the replica counts it reports against the desired count.
import { healthOf, type Health } from './health-status.js';
import type { KubeObject } from './kube-object.js';
import {
  conditionIsTrue,
  findCondition,
  nestedBoolean,
  nestedField,
  nestedNumber,
  nestedString,
} from './unstructured.js';

/**
 * True once the controller has seen the latest spec. Until then every count in `status`
 * describes an older spec and must not be trusted.
 */
export function generationObserved(obj: KubeObject): boolean {
  const observed = nestedNumber(obj.status, 'observedGeneration') ?? 0;
  return (obj.metadata.generation ?? 0) <= observed;
}

/**
 * Progress of a replica-based rollout (Deployment, and Rollouts without a phase): Progressing
 * while new replicas are missing, old ones linger or new ones are not yet available; undefined
 * once the rollout has finished. The API server defaults `spec.replicas` to 1.
 */
export function replicaRolloutProgress(obj: KubeObject): Health | undefined {
  const desired = nestedNumber(obj.spec, 'replicas') ?? 1;
  const current = nestedNumber(obj.status, 'replicas') ?? 0;
  const updated = nestedNumber(obj.status, 'updatedReplicas') ?? 0;
  const available = nestedNumber(obj.status, 'availableReplicas') ?? 0;
  const waiting = 'Waiting for rollout to finish';
  if (updated < desired) {
    return healthOf(
      'Progressing',
      `${waiting}: ${updated} out of ${desired} new replicas have been updated...`,
    );
  }
  if (current > updated) {
    return healthOf(
      'Progressing',
      `${waiting}: ${current - updated} old replicas are pending termination...`,
    );
  }
  if (available < updated) {
    return healthOf(
      'Progressing',
      `${waiting}: ${available} of ${updated} updated replicas are available...`,
    );
  }
  return undefined;
}

export function deploymentHealth(obj: KubeObject): Health {
  if (nestedBoolean(obj.spec, 'paused') === true)
    return healthOf('Suspended', 'Deployment is paused');
  if (!generationObserved(obj)) {
    return healthOf(
      'Progressing',
      'Waiting for rollout to finish: observed deployment generation less than desired generation',
    );
  }
  // The deployment controller gives up on a rollout by setting this reason; it will not retry.
  if (findCondition(obj.status, 'Progressing')?.reason === 'ProgressDeadlineExceeded') {
    return healthOf(
      'Degraded',
      `Deployment "${obj.metadata.name ?? ''}" exceeded its progress deadline`,
    );
  }
  return replicaRolloutProgress(obj) ?? healthOf('Healthy');
}

/**
 * Once every replica is ready, what is left to wait for depends on the update strategy: a
 * partitioned RollingUpdate is done when the pods above the partition are updated, OnDelete
 * never rolls by itself, and otherwise the current revision must catch up with the update one.
 */
function statefulSetUpdateHealth(obj: KubeObject, desired: number, ready: number): Health {
  const updated = nestedNumber(obj.status, 'updatedReplicas') ?? 0;
  const strategy = nestedString(obj.spec, 'updateStrategy', 'type') ?? 'RollingUpdate';
  const rollingUpdate = nestedField(obj.spec, 'updateStrategy', 'rollingUpdate');
  if (strategy === 'RollingUpdate' && rollingUpdate !== undefined) {
    // Pods with an ordinal below the partition keep the old revision on purpose.
    const target = desired - (nestedNumber(rollingUpdate, 'partition') ?? 0);
    return updated < target
      ? healthOf(
          'Progressing',
          `Waiting for partitioned roll out to finish: ${updated} out of ${target} new pods have been updated...`,
        )
      : healthOf('Healthy', `partitioned roll out complete: ${updated} new pods have been updated`);
  }
  if (strategy === 'OnDelete') {
    return healthOf('Healthy', `statefulset has ${ready} ready pods (${updated} updated)`);
  }
  const updateRevision = nestedString(obj.status, 'updateRevision');
  if (updateRevision !== nestedString(obj.status, 'currentRevision')) {
    return healthOf(
      'Progressing',
      `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision ?? ''}...`,
    );
  }
  return healthOf('Healthy');
}

export function statefulSetHealth(obj: KubeObject): Health {
  // A StatefulSet that has never been observed reports observedGeneration 0 (or nothing).
  const observed = nestedNumber(obj.status, 'observedGeneration') ?? 0;
  if (observed === 0 || !generationObserved(obj)) {
    return healthOf('Progressing', 'Waiting for statefulset spec update to be observed...');
  }
  const desired = nestedNumber(obj.spec, 'replicas') ?? 1;
  const ready = nestedNumber(obj.status, 'readyReplicas') ?? 0;
  if (ready < desired) {
    return healthOf('Progressing', `Waiting for ${desired - ready} pods to be ready...`);
  }
  return statefulSetUpdateHealth(obj, desired, ready);
}

export function daemonSetHealth(obj: KubeObject): Health {
  if (!generationObserved(obj)) {
    return healthOf(
      'Progressing',
      'Waiting for rollout to finish: observed daemon set generation less than desired generation',
    );
  }
  const desired = nestedNumber(obj.status, 'desiredNumberScheduled') ?? 0;
  const updated = nestedNumber(obj.status, 'updatedNumberScheduled') ?? 0;
  const available = nestedNumber(obj.status, 'numberAvailable') ?? 0;
  if (nestedString(obj.spec, 'updateStrategy', 'type') === 'OnDelete') {
    return healthOf(
      'Healthy',
      `daemon set ${updated} out of ${desired} new pods have been updated`,
    );
  }
  const name = obj.metadata.name ?? '';
  if (updated < desired) {
    return healthOf(
      'Progressing',
      `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    );
  }
  if (available < desired) {
    return healthOf(
      'Progressing',
      `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
    );
  }
  return healthOf('Healthy');
}

export function replicaSetHealth(obj: KubeObject): Health {
  if (!generationObserved(obj)) {
    return healthOf(
      'Progressing',
      'Waiting for rollout to finish: observed replica set generation less than desired generation',
    );
  }
  // ReplicaFailure means pods cannot be created at all (quota, admission, bad service account).
  if (conditionIsTrue(obj.status, 'ReplicaFailure')) {
    return healthOf('Degraded', findCondition(obj.status, 'ReplicaFailure')?.message);
  }
  const desired = nestedNumber(obj.spec, 'replicas') ?? 1;
  const available = nestedNumber(obj.status, 'availableReplicas') ?? 0;
  if (available < desired) {
    return healthOf(
      'Progressing',
      `Waiting for rollout to finish: ${available} out of ${desired} new replicas are available...`,
    );
  }
  return healthOf('Healthy');
}
