// One entry point: decide which health rule applies to an object, by API group and kind.
import { applicationHealth } from './application.js';
import { jobHealth, persistentVolumeClaimHealth } from './batch-and-storage.js';
import { HEALTH_STATUSES, healthOf, isHealthStatus, type Health } from './health-status.js';
import { apiGroupOf, type KubeObject } from './kube-object.js';
import { ingressHealth, serviceHealth } from './networking.js';
import { podHealth } from './pod.js';
import { rolloutHealth } from './rollout.js';
import {
  daemonSetHealth,
  deploymentHealth,
  replicaSetHealth,
  statefulSetHealth,
} from './workloads.js';

/**
 * Lets a user state an object's health outright, e.g. for a CRD whose status this module does
 * not understand, or to stop a known-flaky resource from holding a sync back. The value must be
 * one of HEALTH_STATUSES, spelled exactly; anything else reads as Unknown with a message naming
 * the annotation, so a typo is seen rather than silently ignored.
 */
export const HEALTH_ANNOTATION = 'slipway.dev/health';

type HealthCheck = (obj: KubeObject) => Health;

/** Keyed by `group/Kind`; the core group is written as `core`. Versions are not distinguished. */
const HEALTH_CHECKS: ReadonlyMap<string, HealthCheck> = new Map<string, HealthCheck>([
  ['apps/Deployment', deploymentHealth],
  ['extensions/Deployment', deploymentHealth],
  ['apps/StatefulSet', statefulSetHealth],
  ['apps/DaemonSet', daemonSetHealth],
  ['extensions/DaemonSet', daemonSetHealth],
  ['apps/ReplicaSet', replicaSetHealth],
  ['extensions/ReplicaSet', replicaSetHealth],
  ['core/Pod', podHealth],
  ['core/Service', serviceHealth],
  ['core/PersistentVolumeClaim', persistentVolumeClaimHealth],
  ['networking.k8s.io/Ingress', ingressHealth],
  ['extensions/Ingress', ingressHealth],
  ['batch/Job', jobHealth],
  ['slipway.dev/Rollout', rolloutHealth],
  ['argoproj.io/Rollout', rolloutHealth],
  ['slipway.dev/Application', applicationHealth],
  ['argoproj.io/Application', applicationHealth],
]);

function overriddenHealth(obj: KubeObject): Health | undefined {
  const value = obj.metadata.annotations?.[HEALTH_ANNOTATION];
  if (value === undefined) return undefined;
  if (isHealthStatus(value))
    return healthOf(value, `Health set by the ${HEALTH_ANNOTATION} annotation`);
  return healthOf(
    'Unknown',
    `Annotation ${HEALTH_ANNOTATION} is "${value}"; use one of ${HEALTH_STATUSES.join(', ')}`,
  );
}

/**
 * The health of one live object. An object absent from the cluster is Missing. Kinds with no
 * notion of health (ConfigMap, Secret, ServiceAccount, Role, unknown CRDs…) give undefined, and
 * callers count them Healthy for existing.
 *
 * Deletion comes first, before any override: an object on its way out is not what Git asks
 * for, whatever its annotations say.
 */
export function assessHealth(obj: KubeObject | undefined): Health | undefined {
  if (obj === undefined) return healthOf('Missing');
  if (obj.metadata.deletionTimestamp !== undefined)
    return healthOf('Progressing', 'Pending deletion');
  const overridden = overriddenHealth(obj);
  if (overridden !== undefined) return overridden;
  const group = apiGroupOf(obj.apiVersion) || 'core';
  return HEALTH_CHECKS.get(`${group}/${obj.kind}`)?.(obj);
}
