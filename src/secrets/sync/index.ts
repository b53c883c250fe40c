// SecretSync: Kubernetes Secrets kept in step with Slipway's secret store (ESO's ExternalSecret,
// for Slipway's store). The controller re-reads the store every refreshInterval, writes a Secret
// only when it differs, and records versions, never values, in status and events.
export {
  SecretSyncController,
  type SecretSyncControllerOptions,
} from './secret-sync-controller.js';
export {
  reconcileSecretSync,
  retryAfterFailureMs,
  secretSyncReasons,
  type SecretSyncDeps,
  type SecretSyncResult,
} from './reconcile-secret-sync.js';
export { desiredSecret, inStep, ownedBy, type SecretSyncObject } from './desired-secret.js';
export {
  secretSyncFieldManager,
  secretSyncKube,
  type SecretSyncEventType,
  type SecretSyncKube,
} from './secret-sync-kube.js';
export { builtinSecretSyncProviders } from './builtin-providers.js';
