// The shapes the UI reads from the HTTP API (docs/api.md). Where the contract names a shape only
// loosely, the comment on the type says what the UI assumes; every field the UI does not need to
// draw a page is optional, so a richer answer never breaks it.

export type ErrorBody = {
  readonly error: { readonly code: string; readonly message: string; readonly hint?: string };
};

export type Role = 'viewer' | 'deployer' | 'admin';
export type Grant = { readonly role: Role; readonly project: string };

/** `GET /api/session`; `csrfToken` is null for a token (not a cookie) session. */
/** A sign-in provider besides passwords (GET /api/session/providers). */
export type SignInProvider = { readonly name: string; readonly loginUrl: string };

export type Session = {
  readonly user: string;
  readonly roles: readonly (Grant | Role)[];
  readonly csrfToken: string | null;
};

/** What a mutating route answers with its 202. */
export type Accepted =
  | {
      readonly accepted?: boolean;
      readonly message?: string;
      /** Re-run answers with the new run's id (POST /api/runs/:id/rerun). */
      readonly run?: string;
    }
  | undefined;

/** A pull request's preview environment (GET /api/previews). */
export type Preview = {
  readonly pr: number;
  readonly app: string;
  readonly project?: string;
  readonly namespace: string;
  readonly repo?: string;
  readonly branch?: string | null;
  readonly sha?: string;
  readonly url: string | null;
  readonly status: string;
  readonly message?: string | null;
  readonly updatedAt?: string;
  readonly expiresAt: string;
};

export type Page<T> = {
  readonly items: readonly T[];
  /** null when the server does not say (as /api/audit). */
  readonly total: number | null;
  readonly nextCursor: string | null;
};

export type ObjectMeta = {
  readonly name: string;
  readonly namespace?: string;
  readonly uid?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly creationTimestamp?: string;
  readonly ownerReferences?: readonly { readonly kind: string; readonly name: string }[];
};

export type KubeObject = {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: ObjectMeta;
};

// ---- Applications ----------------------------------------------------------------------------

export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';
export type HealthStatus =
  'Healthy' | 'Suspended' | 'Progressing' | 'Missing' | 'Degraded' | 'Unknown';

export const syncStatuses: readonly SyncStatus[] = ['Synced', 'OutOfSync', 'Unknown'];
export const healthStatuses: readonly HealthStatus[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

export type ResourceStatus = {
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly status?: 'Synced' | 'OutOfSync';
  readonly health?: { readonly status: HealthStatus; readonly message?: string };
  readonly requiresPruning?: boolean;
};

/**
 * A node of the resource tree. Assumed: the detail answer carries `tree` (Argo CD's
 * resource-tree style, live children such as ReplicaSets and Pods with `parentRefs`); without
 * it the UI draws `status.resources`, grouped by API group.
 */
export type ResourceNode = ResourceStatus & {
  readonly uid?: string;
  readonly parentRefs?: readonly {
    readonly kind: string;
    readonly name: string;
    readonly namespace?: string;
    readonly group?: string;
  }[];
};

export type HistoryEntry = {
  readonly id: number;
  readonly revision: string;
  readonly deployedAt: string;
  readonly deployStartedAt?: string;
  readonly source?: unknown;
};

export type OperationState = {
  readonly phase: string;
  readonly message?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
};

export type ApplicationStatus = {
  readonly sync?: { readonly status: SyncStatus; readonly revision?: string };
  readonly health?: { readonly status: HealthStatus; readonly message?: string };
  readonly resources?: readonly ResourceStatus[];
  readonly operationState?: OperationState;
  readonly history?: readonly HistoryEntry[];
  readonly conditions?: readonly { readonly type: string; readonly message: string }[];
  readonly reconciledAt?: string;
};

export type ApplicationSpec = {
  readonly project?: string;
  readonly source?: {
    readonly repoURL?: string;
    readonly path?: string;
    readonly targetRevision?: string;
  };
  readonly destination?: { readonly server?: string; readonly namespace?: string };
};

/** An Application object, as in the cluster; list items and the detail page share it. */
export type Application = KubeObject & {
  readonly spec?: ApplicationSpec;
  readonly status?: ApplicationStatus;
  readonly tree?: readonly ResourceNode[];
};

/** `ref` is the resource the diff is about: assumed a string ("apps/Deployment shop/web") or a ref object. */
export type ResourceDiff = {
  readonly ref:
    | string
    | {
        readonly group?: string;
        readonly kind: string;
        readonly namespace?: string;
        readonly name: string;
      };
  readonly diff: string;
};

/** A row of `GET /api/applications` (the server's summary, not the whole object). */
export type ApplicationRow = {
  readonly namespace: string;
  readonly name: string;
  readonly project: string;
  readonly repoURL: string | null;
  readonly path: string | null;
  readonly targetRevision: string | null;
  readonly sync: string;
  readonly health: string;
  readonly revision: string | null;
  readonly syncedAt: string | null;
  readonly operation: string | null;
};

export type ApplicationQuery = {
  readonly limit?: number;
  readonly cursor?: string;
  readonly sort?: string;
  readonly sync?: string;
  readonly health?: string;
  readonly q?: string;
};

// ---- Rollouts --------------------------------------------------------------------------------

export type CanaryStep = {
  readonly setWeight?: number;
  readonly pause?: { readonly duration?: number | string };
  readonly analysis?: { readonly templates: readonly { readonly templateName: string }[] };
};

export type RolloutStatus = {
  readonly phase?: 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';
  readonly message?: string;
  readonly replicas?: number;
  readonly updatedReplicas?: number;
  readonly readyReplicas?: number;
  readonly availableReplicas?: number;
  readonly currentPodHash?: string;
  readonly stableRS?: string;
  readonly currentStepIndex?: number;
  readonly pauseConditions?: readonly { readonly reason: string; readonly startTime: string }[];
  readonly abort?: boolean;
  readonly abortedAt?: string;
  readonly promoteFull?: boolean;
  readonly canary?: {
    readonly weights?: {
      readonly canary: { readonly podTemplateHash: string; readonly weight: number };
      readonly stable: { readonly podTemplateHash: string; readonly weight: number };
    };
  };
};

export type Rollout = KubeObject & {
  readonly spec?: {
    readonly replicas?: number;
    readonly strategy?: { readonly canary?: { readonly steps?: readonly CanaryStep[] } };
  };
  readonly status?: RolloutStatus;
};

export type ReplicaSet = KubeObject & {
  readonly spec?: {
    readonly replicas?: number;
    readonly template?: {
      readonly spec?: { readonly containers?: readonly { readonly image?: string }[] };
    };
  };
  readonly status?: { readonly replicas?: number; readonly readyReplicas?: number };
};

export type Pod = KubeObject & {
  readonly status?: {
    readonly phase?: string;
    readonly containerStatuses?: readonly {
      readonly ready?: boolean;
      readonly restartCount?: number;
    }[];
  };
};

export type MetricResult = {
  readonly name: string;
  readonly phase: string;
  readonly message?: string;
  readonly successful?: number;
  readonly failed?: number;
  readonly inconclusive?: number;
  readonly error?: number;
  readonly measurements?: readonly { readonly phase: string; readonly value?: string }[];
};

export type AnalysisRun = KubeObject & {
  readonly status?: {
    readonly phase?: string;
    readonly message?: string;
    readonly startedAt?: string;
    readonly completedAt?: string;
    readonly metricResults?: readonly MetricResult[];
  };
};

/**
 * `GET /api/rollouts/:namespace/:name`: "the Rollout with its ReplicaSets, pods and
 * AnalysisRuns". Assumed `{rollout, replicaSets, pods, analysisRuns}` (the CLI's snapshot); a
 * bare Rollout carrying those three arrays beside its fields is read the same way.
 */
export type RolloutSnapshot = {
  readonly rollout: Rollout;
  readonly replicaSets: readonly ReplicaSet[];
  readonly pods: readonly Pod[];
  readonly analysisRuns: readonly AnalysisRun[];
};

/** A row of `GET /api/rollouts` (the server's summary). */
export type RolloutRow = {
  readonly namespace: string;
  readonly name: string;
  readonly project: string;
  readonly phase: string;
  readonly message: string | null;
  readonly replicas: number;
  readonly readyReplicas: number;
  /** The current step index; null without steps. */
  readonly step: number | null;
  readonly steps: number;
  readonly canaryWeight: number | null;
  readonly aborted: boolean;
};

// ---- Pipelines -------------------------------------------------------------------------------

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const runStatuses: readonly RunStatus[] = [
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
];

export type StepRecord = {
  readonly index: number;
  readonly name: string;
  readonly status: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  readonly message?: string;
  readonly artifacts?: readonly { readonly name: string; readonly path: string }[];
};

/** Assumed: the server adds `needs` (job ids) from the plan; without it all jobs share one column. */
export type JobRecord = {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  readonly needs?: readonly string[];
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
  readonly message?: string;
  readonly steps: readonly StepRecord[];
};

export type RunRecord = {
  readonly id: string;
  readonly pipeline: string;
  readonly repo: string;
  readonly status: RunStatus;
  readonly event?: { readonly kind?: string; readonly ref?: string; readonly sha?: string };
  readonly createdAt: string;
  readonly startedAt?: string | null;
  readonly finishedAt?: string | null;
  /** List rows carry the failures here; a whole run carries them in `summary`. */
  readonly failures?: readonly string[];
  readonly summary?: {
    readonly file?: string;
    readonly reason?: string;
    readonly jobs: readonly JobRecord[];
    readonly failures?: readonly string[];
  };
};

export type PipelineSummary = {
  readonly name: string;
  readonly repo: string;
  readonly lastRun?: RunRecord | null;
};

export type LogLine = {
  readonly seq: number;
  readonly job: string;
  readonly step: string;
  readonly time: string;
  readonly line: string;
};

export type RunQuery = {
  readonly limit?: number;
  readonly cursor?: string;
  readonly pipeline?: string;
  readonly status?: string;
  readonly repo?: string;
};

// ---- Audit, metrics --------------------------------------------------------------------------

export type AuditEvent = {
  readonly who: string;
  readonly action: string;
  readonly target: string;
  readonly project: string;
  readonly at: string;
  readonly from: string;
  readonly outcome: 'allowed' | 'denied' | 'failed';
  readonly detail?: string;
};

/** One point of a metric's daily series. */
export type MetricPoint = { readonly date: string; readonly value: number | null };

/**
 * One DORA metric over the window, as the UI draws it (normalize.ts reads the server's
 * answer into this): deploys per day, seconds or a 0–1 ratio, as `unit` says; `series` (one
 * point per day) only when the server sends one.
 */
export type DeliveryMetric = {
  readonly value: number | null;
  readonly unit: 'perDay' | 'seconds' | 'ratio';
  /** What the number rests on, e.g. "12 deployments", "2 of 10 rollouts aborted". */
  readonly detail?: string;
  readonly series: readonly MetricPoint[];
};

/** `GET /api/metrics/delivery?days=N`, normalized. */
export type DeliveryMetrics = {
  readonly days: number;
  readonly deploymentFrequency: DeliveryMetric;
  readonly leadTimeForChanges: DeliveryMetric;
  readonly changeFailureRate: DeliveryMetric;
  readonly timeToRestore: DeliveryMetric;
};
