import {
  applicationSpecSchema,
  defaultRevisionHistoryLimit,
  describeZodError,
  type ApplicationSpec,
} from '../../config/index.js';
import { SlipwayError } from '../../errors/index.js';
import { refOf, type ObjectRef } from '../../kube/index.js';
import { jsonEqual } from '../sync/normalize.js';
import type { ResourceState } from '../sync/sync-plan.js';
import { appendHistory, resourceStatuses, setCondition } from './app-status.js';
import type {
  AppCondition,
  ApplicationObject,
  ApplicationStatus,
  HistoryEntry,
  OperationState,
} from './application-object.js';
import { compareApp, type Comparison } from './compare-app.js';
import { destinationClient } from './destinations.js';
import type { EngineDeps } from './engine-deps.js';
import { syncApp, type SyncOutcome } from './sync-app.js';

export const applicationRef = (app: ApplicationObject): ObjectRef => ({
  apiVersion: app.apiVersion,
  kind: 'Application',
  name: app.metadata.name,
  namespace: app.metadata.namespace ?? 'default',
});

export type ReconcileRequest = {
  /** Ask Git for the target revision (poll, refresh, webhook, spec change); else reuse the last one. */
  readonly resolveRevision: boolean;
  /** Minimum time between two self-heal syncs (Argo CD's self-heal timeout, 5 s). */
  readonly selfHealBackoffMs: number;
};

export type ReconcileResult = {
  readonly requeueAfterMs?: number;
  readonly synced: boolean;
  /** The Application as written, so the caller's cache never lags behind its own write. */
  readonly app?: ApplicationObject;
};

const describe = (error: unknown): string =>
  error instanceof SlipwayError
    ? error.describe().replace('\n  → ', ' — ')
    : (error as Error).message;

/** One pass for one Application: parse → compare → maybe sync → write status. Idempotent. */
export async function reconcileApp(
  deps: EngineDeps,
  app: ApplicationObject,
  request: ReconcileRequest,
): Promise<ReconcileResult> {
  const now = deps.now().toISOString();
  const prev: ApplicationStatus = app.status ?? {};
  const requested = app.operation?.sync;
  const parsed = applicationSpecSchema.safeParse(app.spec);
  if (!parsed.success) {
    const where = `Application ${app.metadata.namespace}/${app.metadata.name} spec`;
    await recordFailure(
      deps,
      app,
      'InvalidSpecError',
      describe(describeZodError(parsed.error, where)),
      now,
    );
    return { synced: false };
  }
  const spec = parsed.data;
  const known = request.resolveRevision || requested ? undefined : sameSourceRevision(prev, spec);
  let comparison: Comparison;
  let target: EngineDeps;
  try {
    target = { ...deps, client: await destinationClient(deps, spec) };
    comparison = await compareApp(target, app, spec, requested?.revision, known);
  } catch (error) {
    // A failed render or fetch never touches live objects: only the status says what went wrong.
    await recordFailure(deps, app, 'ComparisonError', describe(error), now);
    return { synced: false, requeueAfterMs: 30_000 };
  }
  const before = resourceStatuses(comparison.resources);
  const nowMs = deps.now().getTime();
  const decision = decideSync(
    spec,
    prev,
    comparison,
    before.sync,
    requested,
    nowMs,
    request.selfHealBackoffMs,
  );
  if (decision.kind === 'wait') return { synced: false, requeueAfterMs: decision.afterMs };
  const { sync, compared, conditions } = await carryOut(
    target,
    app,
    spec,
    comparison,
    decision,
    now,
  );
  const after = resourceStatuses(sync.states);
  const status: ApplicationStatus = {
    ...prev,
    sync: {
      status: after.sync,
      revision: compared.revision,
      comparedTo: { source: spec.source, destination: spec.destination },
    },
    health: after.health,
    resources: after.resources,
    ...(sync.operationState ? { operationState: sync.operationState } : {}),
    history: sync.history,
    conditions,
    reconciledAt: now,
    sourceType: comparison.sourceType,
  };
  // A look prompted by a resource event that changed nothing is not written: every status write
  // is an etcd write and a watch event for every client. Polls and refreshes always record.
  const unchanged =
    !request.resolveRevision &&
    requested === undefined &&
    jsonEqual({ ...status, reconciledAt: null }, { ...prev, reconciledAt: null });
  const written = unchanged
    ? app
    : await writeStatus(deps, app, status, undefined, requested !== undefined);
  const progressing = after.health.status === 'Progressing' || after.health.status === 'Missing';
  return {
    synced: decision.kind === 'sync',
    app: written,
    ...(progressing ? { requeueAfterMs: 30_000 } : {}),
  };
}

type Carried = { sync: SyncRecord; compared: Comparison; conditions: AppCondition[] };

/** Does what the decision says (sync or not) and gathers the states and conditions to report. */
async function carryOut(
  deps: EngineDeps,
  app: ApplicationObject,
  spec: ApplicationSpec,
  comparison: Comparison,
  decision: Exclude<SyncDecision, { kind: 'wait' }>,
  now: string,
): Promise<Carried> {
  const prev = app.status ?? {};
  // A failed sync's SyncError stays until a later sync attempt replaces it, as in Argo CD.
  const cleared =
    decision.kind === 'sync'
      ? ['InvalidSpecError', 'ComparisonError', 'SyncError']
      : ['InvalidSpecError', 'ComparisonError'];
  const conditions = cleared.reduce(
    (list, type) => setCondition(list, type, undefined, now),
    prev.conditions ?? [],
  );
  const unchanged: SyncRecord = {
    states: comparison.resources,
    operationState: prev.operationState,
    history: prev.history ?? [],
  };
  if (decision.kind === 'skip') {
    const withReason = decision.reason
      ? setCondition(conditions, 'SyncError', decision.reason, now)
      : conditions;
    return { sync: unchanged, compared: comparison, conditions: withReason };
  }
  let sync = await performSync(deps, app, spec, comparison, decision.prune, now);
  const op = sync.operationState;
  const withFailure =
    op?.phase === 'Failed'
      ? setCondition(conditions, 'SyncError', op.message, op.finishedAt ?? now)
      : conditions;
  let compared = comparison;
  if (app.operation?.sync?.revision !== undefined) {
    // After a rollback (or a sync to a chosen revision) the app is compared with its target
    // revision again, as Argo CD does: it shows OutOfSync until Git and the cluster agree.
    compared = await compareApp(deps, app, spec, undefined).catch(() => comparison);
    if (compared !== comparison) sync = { ...sync, states: compared.resources };
  }
  return { sync, compared, conditions: withFailure };
}

type SyncRecord = {
  readonly states: readonly ResourceState[];
  readonly operationState: OperationState | undefined;
  readonly history: HistoryEntry[];
};

async function performSync(
  deps: EngineDeps,
  app: ApplicationObject,
  spec: ApplicationSpec,
  comparison: Comparison,
  prune: boolean,
  startedAt: string,
): Promise<SyncRecord> {
  const id = { namespace: app.metadata.namespace ?? 'default', name: app.metadata.name };
  const outcome = await syncApp(deps, spec, comparison, prune, id).catch(
    (error: unknown): SyncOutcome => ({ ok: false, message: describe(error), results: [] }),
  );
  const finishedAt = deps.now().toISOString();
  const requested = app.operation !== undefined;
  const operationState: OperationState = {
    phase: outcome.ok ? 'Succeeded' : 'Failed',
    message: outcome.message,
    startedAt,
    finishedAt,
    operation: {
      sync: { revision: comparison.revision, prune },
      initiatedBy: requested
        ? { username: app.operation?.initiatedBy?.username ?? 'slipway' }
        : { automated: true },
    },
    syncResult: { revision: comparison.revision, resources: outcome.results, source: spec.source },
  };
  const previous = app.status?.history ?? [];
  const history = outcome.ok
    ? appendHistory(
        previous,
        {
          revision: comparison.revision,
          deployedAt: finishedAt,
          deployStartedAt: startedAt,
          source: spec.source,
        },
        spec.revisionHistoryLimit ?? defaultRevisionHistoryLimit,
      )
    : previous;
  return { states: await reread(deps, comparison.resources, outcome), operationState, history };
}

/** Writes a failure as a condition (sync status Unknown) and fails a requested operation; live objects stay as they are. */
async function recordFailure(
  deps: EngineDeps,
  app: ApplicationObject,
  type: string,
  message: string,
  now: string,
): Promise<void> {
  const prev = app.status ?? {};
  const other = type === 'InvalidSpecError' ? 'ComparisonError' : 'InvalidSpecError';
  const conditions = setCondition(
    setCondition(prev.conditions ?? [], other, undefined, now),
    type,
    message,
    now,
  );
  const requested = app.operation?.sync;
  await writeStatus(
    deps,
    app,
    { ...prev, sync: { ...(prev.sync ?? {}), status: 'Unknown' }, conditions, reconciledAt: now },
    requested ? failedOperation(requested, message, now) : undefined,
  );
}

type SyncDecision =
  | { kind: 'sync'; prune: boolean }
  | { kind: 'skip'; reason?: string }
  | { kind: 'wait'; afterMs: number };

/** Whether to sync now, as Argo CD's automated policy decides. Pure. */
export function decideSync(
  spec: ApplicationSpec,
  prev: ApplicationStatus,
  comparison: Pick<Comparison, 'revision' | 'desired'>,
  sync: 'Synced' | 'OutOfSync' | 'Unknown',
  requested: { readonly prune?: boolean } | undefined,
  nowMs: number,
  selfHealBackoffMs: number,
): SyncDecision {
  const automated = spec.syncPolicy?.automated;
  // A requested sync (CLI, rollback) prunes only when asked, as `argocd app sync --prune`.
  if (requested) return { kind: 'sync', prune: requested.prune === true };
  if (automated === undefined || sync !== 'OutOfSync') return { kind: 'skip' };
  if (comparison.desired.length === 0 && automated.allowEmpty !== true) {
    return {
      kind: 'skip',
      reason:
        'automated sync would delete every resource; set syncPolicy.automated.allowEmpty to allow it',
    };
  }
  const last = prev.operationState;
  if (isNewDesiredState(last, comparison.revision, spec))
    return { kind: 'sync', prune: automated.prune === true };
  // Same revision as the last attempt: only self-heal re-applies, and only after a success.
  if (automated.selfHeal !== true || last?.phase !== 'Succeeded') return { kind: 'skip' };
  const since = nowMs - Date.parse(last.finishedAt ?? last.startedAt);
  if (since < selfHealBackoffMs) return { kind: 'wait', afterMs: selfHealBackoffMs - since };
  return { kind: 'sync', prune: automated.prune === true };
}

/** A new commit, or new source options (path, kustomize, helm), since the last sync attempt. Pure. */
function isNewDesiredState(
  last: OperationState | undefined,
  revision: string,
  spec: ApplicationSpec,
): boolean {
  const lastRevision = last?.syncResult?.revision ?? last?.operation.sync.revision;
  // Deep equality: the API server returns the stored source with its keys in another order.
  return revision !== lastRevision || !jsonEqual(last?.syncResult?.source ?? null, spec.source);
}

function sameSourceRevision(prev: ApplicationStatus, spec: ApplicationSpec): string | undefined {
  const compared = prev.sync?.comparedTo as { source?: unknown } | undefined;
  return prev.sync?.revision && jsonEqual(compared?.source, spec.source)
    ? prev.sync.revision
    : undefined;
}

function failedOperation(
  requested: { revision?: string; prune?: boolean },
  message: string,
  now: string,
): OperationState {
  return {
    phase: 'Failed',
    message,
    startedAt: now,
    finishedAt: now,
    operation: { sync: requested, initiatedBy: { username: 'slipway' } },
  };
}

async function reread(
  deps: EngineDeps,
  resources: readonly ResourceState[],
  outcome: SyncOutcome,
): Promise<ResourceState[]> {
  const keyOf = (r: { kind: string; namespace?: string; name: string }): string =>
    `${r.kind}/${r.namespace ?? ''}/${r.name}`;
  const pruned = new Set(outcome.results.filter((r) => r.status === 'Pruned').map(keyOf));
  const applied = new Set(outcome.results.filter((r) => r.status === 'Synced').map(keyOf));
  const kept = resources.filter((r) => !pruned.has(keyOf(r.ref)));
  return Promise.all(
    kept.map(async (r) => ({
      ...r,
      live: r.desired ? await deps.client.get(refOf(r.desired)) : r.live,
      status: applied.has(keyOf(r.ref)) ? 'Synced' : r.status,
    })),
  );
}

async function writeStatus(
  deps: EngineDeps,
  app: ApplicationObject,
  status: ApplicationStatus,
  operationState?: OperationState,
  clearOperation = false,
): Promise<ApplicationObject> {
  const full = operationState ? { ...status, operationState } : status;
  let written = (await deps.control.replaceStatus(applicationRef(app), full)) as ApplicationObject;
  if (clearOperation || operationState) {
    written = await deps.control.mergePatch(applicationRef(app), {
      operation: null,
    });
  }
  return written;
}
