// Resource health for the GitOps controller: turns one live Kubernetes object into Healthy,
// Progressing, Degraded, Suspended, Missing or Unknown (Argo CD's rules), and folds many into one.
// Pure functions only: no cluster access, no clock, no I/O.
export { assessHealth, HEALTH_ANNOTATION } from './assess-health.js';
export { HEALTH_STATUSES, isHealthStatus, isWorseHealth, worstHealth } from './health-status.js';
export type { Health, HealthStatus } from './health-status.js';
export { apiGroupOf } from './kube-object.js';
export type { KubeObject } from './kube-object.js';
