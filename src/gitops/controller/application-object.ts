import type { KubeObject } from '../../kube/index.js';
import type { HealthStatus } from '../health/index.js';

export type AppSyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';
export type OperationPhase = 'Running' | 'Succeeded' | 'Failed' | 'Error' | 'Terminating';

export type ResourceStatus = {
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  status: 'Synced' | 'OutOfSync';
  health?: { status: HealthStatus; message?: string };
  requiresPruning?: boolean;
};

export type ResourceResult = {
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  status: 'Synced' | 'SyncFailed' | 'Pruned' | 'PruneSkipped';
  message: string;
  syncPhase: 'PreSync' | 'Sync' | 'PostSync';
};

export type OperationState = {
  phase: OperationPhase;
  message: string;
  startedAt: string;
  finishedAt?: string;
  operation: {
    sync: { revision?: string; prune?: boolean };
    initiatedBy: { automated?: boolean; username?: string };
  };
  syncResult?: { revision: string; resources: ResourceResult[]; source: unknown };
};

export type HistoryEntry = {
  id: number;
  revision: string;
  deployedAt: string;
  source: unknown;
  deployStartedAt?: string;
};

export type AppCondition = { type: string; message: string; lastTransitionTime: string };

export type ApplicationStatus = {
  sync?: { status: AppSyncStatus; revision?: string; comparedTo?: unknown };
  health?: { status: HealthStatus; message?: string };
  resources?: ResourceStatus[];
  operationState?: OperationState;
  history?: HistoryEntry[];
  conditions?: AppCondition[];
  reconciledAt?: string;
  sourceType?: string;
  observedAt?: string;
};

/** An Application as read from the API server (spec unchecked until parsed). */
export type ApplicationObject = KubeObject & {
  spec?: unknown;
  status?: ApplicationStatus;
  operation?: {
    sync?: { revision?: string; prune?: boolean };
    initiatedBy?: { username?: string };
  };
};

export const refreshAnnotations = ['slipway.dev/refresh', 'argocd.argoproj.io/refresh'];
export const resourcesFinalizers = [
  'resources-finalizer.slipway.dev',
  'resources-finalizer.argocd.argoproj.io',
];
