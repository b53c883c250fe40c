// Pod health, following Argo CD's gitops-engine: a pod's phase decides, except that a long-running
// pod (restartPolicy Always) whose containers are stuck waiting on a known error is Degraded
// whatever its phase, because the kubelet will keep retrying and never get anywhere on its own.
import { healthOf, type Health } from './health-status.js';
import type { KubeObject } from './kube-object.js';
import {
  conditionIsTrue,
  nestedArray,
  nestedField,
  nestedNumber,
  nestedString,
} from './unstructured.js';

/**
 * Waiting reasons that mean a container will not start without someone changing something.
 * gitops-engine matches them by shape (prefix `Err`, suffix `Error` or `BackOff`), which covers
 * ErrImagePull, ImagePullBackOff, CrashLoopBackOff, CreateContainerConfigError and the like;
 * InvalidImageName fits no such shape, so it is named explicitly.
 */
export function isStuckWaitingReason(reason: string): boolean {
  return (
    reason.startsWith('Err') ||
    reason.endsWith('Error') ||
    reason.endsWith('BackOff') ||
    reason === 'InvalidImageName'
  );
}

function containerStatuses(obj: KubeObject): readonly unknown[] {
  return nestedArray(obj.status, 'containerStatuses');
}

/** Messages of containers stuck waiting, or an empty list when none is. */
function stuckContainerMessages(obj: KubeObject): string[] {
  const messages: string[] = [];
  for (const container of containerStatuses(obj)) {
    const reason = nestedString(container, 'state', 'waiting', 'reason');
    if (reason === undefined || !isStuckWaitingReason(reason)) continue;
    const name = nestedString(container, 'name') ?? '';
    const detail = nestedString(container, 'state', 'waiting', 'message');
    messages.push(`${name}: ${reason}${detail ? ` (${detail})` : ''}`);
  }
  return messages;
}

/** Why a terminated container failed, or undefined if it did not terminate with an error. */
function terminationMessage(container: unknown): string | undefined {
  const terminated = nestedField(container, 'state', 'terminated');
  if (terminated === undefined) return undefined;
  const message = nestedString(terminated, 'message');
  if (message) return message;
  const reason = nestedString(terminated, 'reason');
  if (reason === 'OOMKilled') return reason;
  const exitCode = nestedNumber(terminated, 'exitCode') ?? 0;
  const name = nestedString(container, 'name') ?? '';
  if (exitCode !== 0) return `container "${name}" failed with exit code ${exitCode}`;
  return reason;
}

function failedPodMessage(obj: KubeObject): string | undefined {
  const podMessage = nestedString(obj.status, 'message');
  if (podMessage) return podMessage;
  const all = [...nestedArray(obj.status, 'initContainerStatuses'), ...containerStatuses(obj)];
  for (const container of all) {
    const message = terminationMessage(container);
    if (message) return message;
  }
  return undefined;
}

/** The kubelet's Ready condition when present; otherwise every container reporting ready. */
function podReady(obj: KubeObject): boolean {
  if (nestedArray(obj.status, 'conditions').length > 0) return conditionIsTrue(obj.status, 'Ready');
  const containers = containerStatuses(obj);
  return containers.length > 0 && containers.every((c) => nestedField(c, 'ready') === true);
}

function runningPodHealth(obj: KubeObject, restartPolicy: string): Health {
  const message = nestedString(obj.status, 'message');
  // Pods that run to completion (OnFailure, Never) are usually sync hooks: calling one Healthy
  // while it still runs would let the sync move on before the hook has finished.
  if (restartPolicy !== 'Always') return healthOf('Progressing', message);
  if (podReady(obj)) return healthOf('Healthy', message);
  // Not ready and a container has already died once: it is restarting, not starting.
  const restarted = containerStatuses(obj).some(
    (c) => nestedField(c, 'lastState', 'terminated') !== undefined,
  );
  return healthOf(restarted ? 'Degraded' : 'Progressing', message);
}

export function podHealth(obj: KubeObject): Health {
  // The API server defaults restartPolicy to Always.
  const restartPolicy = nestedString(obj.spec, 'restartPolicy') ?? 'Always';
  // Only for long-running pods: a hook pod marked Degraded on ImagePullBackOff would fail the
  // sync early, then run anyway once the image appears.
  if (restartPolicy === 'Always') {
    const stuck = stuckContainerMessages(obj);
    if (stuck.length > 0) return healthOf('Degraded', stuck.join(', '));
  }
  const phase = nestedString(obj.status, 'phase');
  switch (phase) {
    case 'Pending':
      return healthOf('Progressing', nestedString(obj.status, 'message'));
    case 'Succeeded':
      return healthOf('Healthy', nestedString(obj.status, 'message'));
    case 'Failed':
      return healthOf('Degraded', failedPodMessage(obj));
    case 'Running':
      return runningPodHealth(obj, restartPolicy);
    default:
      return healthOf(
        'Unknown',
        nestedString(obj.status, 'message') ?? `pod phase ${phase ?? 'not reported'}`,
      );
  }
}
