// Job and PersistentVolumeClaim health: both are read straight from what their controllers report.
import { healthOf, type Health } from './health-status.js';
import type { KubeObject } from './kube-object.js';
import { findCondition, nestedBoolean, nestedString } from './unstructured.js';

export function jobHealth(obj: KubeObject): Health {
  const failed = findCondition(obj.status, 'Failed');
  if (failed?.status === 'True') return healthOf('Degraded', failed.message ?? failed.reason);
  const complete = findCondition(obj.status, 'Complete');
  if (complete?.status === 'True') return healthOf('Healthy', complete.message);
  // The job controller confirms a suspension with a Suspended condition; spec.suspend alone is
  // enough too, so a job created suspended is not shown as Progressing before that condition lands.
  const suspended = findCondition(obj.status, 'Suspended');
  if (suspended?.status === 'True' || nestedBoolean(obj.spec, 'suspend') === true) {
    return healthOf('Suspended', suspended?.message ?? 'Job is suspended');
  }
  return healthOf('Progressing');
}

export function persistentVolumeClaimHealth(obj: KubeObject): Health {
  const phase = nestedString(obj.status, 'phase');
  switch (phase) {
    case 'Bound':
      return healthOf('Healthy');
    case 'Pending':
      return healthOf('Progressing', 'Waiting for the claim to be bound to a volume');
    case 'Lost':
      return healthOf('Degraded', 'The volume bound to this claim no longer exists');
    default:
      return healthOf('Unknown', `claim phase ${phase ?? 'not reported'}`);
  }
}
