// The GitOps engine: Applications synced from Git to Kubernetes with prune, self-heal, health
// and history, as Argo CD users expect. Pure decisions live in sync/, health/ and render/;
// the controller/ reads the cluster and Git, decides, acts and writes status.
export { createEngine, renderTools } from './engine.js';
export type { EngineOptions } from './engine.js';
export type { EngineDeps } from './controller/engine-deps.js';
export { ApplicationController } from './controller/application-controller.js';
export type { ControllerOptions } from './controller/application-controller.js';
export { reconcileApp, decideSync, applicationRef } from './controller/reconcile-app.js';
export { compareApp } from './controller/compare-app.js';
export type {
  ApplicationObject,
  ApplicationStatus,
  HistoryEntry,
  ResourceStatus,
} from './controller/application-object.js';
export { installSlipway, installManifests, slipwayNamespace } from './install.js';
export { normalizeForDiff } from './sync/normalize.js';
export { diffApp } from './diff/app-diff.js';
export { unifiedDiff } from './diff/unified-diff.js';
