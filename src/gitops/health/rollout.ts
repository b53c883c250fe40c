// Health of progressive-delivery Rollouts (slipway.dev, and Argo Rollouts' argoproj.io): mostly
// the phase the rollout controller computes, with a fallback to replica counts for controllers
// that do not report a phase.
import { healthOf, type Health } from './health-status.js';
import type { KubeObject } from './kube-object.js';
import {
  findCondition,
  nestedArray,
  nestedBoolean,
  nestedField,
  nestedString,
} from './unstructured.js';
import { replicaRolloutProgress } from './workloads.js';

/**
 * Argo Rollouts has written `status.observedGeneration` as a number, as a numeric string and,
 * before v0.10, as a hash of the spec. Only the numeric forms can be compared with
 * `metadata.generation`; a hash is taken as observed rather than as forever behind.
 */
function observedGenerationOf(obj: KubeObject): number | 'unknown' | undefined {
  const raw = nestedField(obj.status, 'observedGeneration');
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return undefined;
  return /^\d+$/.test(raw) ? Number(raw) : 'unknown';
}

function rolloutGenerationObserved(obj: KubeObject): boolean {
  const observed = observedGenerationOf(obj);
  if (observed === undefined) return false;
  return observed === 'unknown' || (obj.metadata.generation ?? 0) <= observed;
}

/** Degraded when the controller has given up: aborted, invalid spec, or past its deadline. */
function rolloutFailure(obj: KubeObject): Health | undefined {
  const message = nestedString(obj.status, 'message');
  if (nestedBoolean(obj.status, 'abort') === true) {
    return healthOf('Degraded', message ?? 'Rollout was aborted');
  }
  if (nestedString(obj.status, 'phase') === 'Degraded') return healthOf('Degraded', message);
  const invalidSpec = findCondition(obj.status, 'InvalidSpec');
  if (invalidSpec !== undefined && invalidSpec.status !== 'False') {
    return healthOf('Degraded', invalidSpec.message ?? 'Rollout spec is invalid');
  }
  const progressing = findCondition(obj.status, 'Progressing');
  if (
    progressing?.reason === 'RolloutAborted' ||
    progressing?.reason === 'ProgressDeadlineExceeded'
  ) {
    return healthOf('Degraded', progressing.message ?? progressing.reason);
  }
  return undefined;
}

/** A pause written by the controller (a pause step, an analysis waiting for promotion). */
function pausedByController(obj: KubeObject): boolean {
  return (
    nestedArray(obj.status, 'pauseConditions').length > 0 ||
    nestedString(obj.status, 'phase') === 'Paused'
  );
}

/**
 * A paused rollout is Suspended, never Progressing. It is waiting for a person (or a timer) by
 * design, and a sync that waits for it to become Healthy would wait indefinitely; Suspended
 * lets callers tell "deliberately holding at a canary step" from "still rolling" (the
 * confusion reported in argo-cd issue 25054).
 *
 * Order: `spec.paused` is the user's own intent and is never stale, so it wins outright. Every
 * other signal lives in `status` and is trusted only once the controller has observed the
 * current generation. Failure outranks a pause, as in the Argo Rollouts phase calculation.
 */
export function rolloutHealth(obj: KubeObject): Health {
  const message = nestedString(obj.status, 'message');
  if (nestedBoolean(obj.spec, 'paused') === true) {
    return healthOf('Suspended', message ?? 'Rollout is paused');
  }
  if (!rolloutGenerationObserved(obj)) {
    return healthOf('Progressing', 'Waiting for rollout spec update to be observed');
  }
  const failure = rolloutFailure(obj);
  if (failure !== undefined) return failure;
  if (pausedByController(obj)) return healthOf('Suspended', message ?? 'Rollout is paused');
  const phase = nestedString(obj.status, 'phase');
  switch (phase) {
    case 'Healthy':
      return healthOf('Healthy', message);
    case 'Progressing':
      return healthOf('Progressing', message);
    case undefined:
      return replicaRolloutProgress(obj) ?? healthOf('Healthy');
    default:
      return healthOf('Unknown', `Rollout reports an unrecognised phase "${phase}"`);
  }
}
