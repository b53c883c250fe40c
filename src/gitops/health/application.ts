// Health of an Application managed as a resource of another (app of apps): it reports its own
// aggregated health in status.health, so the parent takes that value as is.
import { healthOf, isHealthStatus, type Health } from './health-status.js';
import type { KubeObject } from './kube-object.js';
import { nestedField, nestedString } from './unstructured.js';

export function applicationHealth(obj: KubeObject): Health {
  const status = nestedField(obj.status, 'health', 'status');
  const message = nestedString(obj.status, 'health', 'message');
  if (isHealthStatus(status)) return healthOf(status, message);
  // Not assessed yet: its controller has not reconciled it, which is progress still to come.
  if (status === undefined) {
    return healthOf('Progressing', 'Waiting for the application to report its health');
  }
  return healthOf(
    'Unknown',
    `Application reports an unrecognised health ${JSON.stringify(status)}`,
  );
}
