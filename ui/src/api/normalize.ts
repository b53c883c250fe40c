import type {
  AnalysisRun,
  Application,
  ApplicationRow,
  RolloutRow,
  DeliveryMetric,
  DeliveryMetrics,
  MetricPoint,
  Page,
  Pod,
  ReplicaSet,
  Rollout,
  RolloutSnapshot,
} from './types';

// Reading the answers the contract leaves loose (see the comments in types.ts) into one shape
// each. Pure.

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const arrayOf = <T>(value: unknown): readonly T[] => (Array.isArray(value) ? (value as T[]) : []);

/** A list answer; a bare array (as `history` may be) counts as one complete page. */
export function pageOf<T>(body: unknown): Page<T> {
  if (Array.isArray(body)) return { items: body as T[], total: body.length, nextCursor: null };
  if (!isObject(body)) return { items: [], total: 0, nextCursor: null };
  const items = arrayOf<T>(body['items'] ?? body['history']);
  const total = typeof body['total'] === 'number' ? body['total'] : null;
  const next = body['nextCursor'];
  return { items, total, nextCursor: typeof next === 'string' && next !== '' ? next : null };
}

/** `{rollout, replicaSets, pods, analysisRuns}`, or a Rollout carrying the three lists. */
export function normalizeRolloutSnapshot(body: unknown): RolloutSnapshot {
  const source = isObject(body) ? body : {};
  const rollout = (isObject(source['rollout']) ? source['rollout'] : source) as Rollout;
  return {
    rollout: { ...rollout, metadata: rollout.metadata ?? { name: '?' } },
    replicaSets: arrayOf<ReplicaSet>(source['replicaSets']),
    pods: arrayOf<Pod>(source['pods']),
    analysisRuns: arrayOf<AnalysisRun>(source['analysisRuns']),
  };
}

type MetricKey = Exclude<keyof DeliveryMetrics, 'days'>;

const units: Readonly<Record<MetricKey, DeliveryMetric['unit']>> = {
  deploymentFrequency: 'perDay',
  leadTimeForChanges: 'seconds',
  changeFailureRate: 'ratio',
  timeToRestore: 'seconds',
};

const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;
const count = (value: unknown): number => numberOrNull(value) ?? 0;

function pointOf(value: unknown): MetricPoint[] {
  if (!isObject(value)) return [];
  const date = value['date'] ?? value['day'];
  return typeof date === 'string' ? [{ date, value: numberOrNull(value['value']) }] : [];
}

/** What the headline number rests on, from the counts the server sends beside it. */
function detailOf(key: MetricKey, m: Loose): string | undefined {
  if (key === 'deploymentFrequency' && m['deployments'] !== undefined)
    return `${count(m['deployments'])} deployments`;
  if (key === 'changeFailureRate' && m['started'] !== undefined)
    return `${count(m['aborted'])} of ${count(m['started'])} rollouts aborted`;
  if (m['samples'] !== undefined) {
    const what = key === 'timeToRestore' ? 'restores' : 'changes';
    return `median of ${count(m['samples'])} ${what}`;
  }
  return undefined;
}

function metricOf(key: MetricKey, value: unknown): DeliveryMetric {
  if (!isObject(value)) return { value: numberOrNull(value), unit: units[key], series: [] };
  const field = ['value', 'perDay', 'medianSeconds', 'rate'].find((f) => f in value);
  const detail = detailOf(key, value);
  return {
    value: field === undefined ? null : numberOrNull(value[field]),
    unit: units[key],
    ...(detail === undefined ? {} : { detail }),
    series: arrayOf<unknown>(value['series']).flatMap(pointOf),
  };
}

/**
 * `GET /api/metrics/delivery`: each metric as the server sends it (`{deployments, perDay}`,
 * `{samples, medianSeconds}`, `{started, aborted, rate}`), or `{value, series}`.
 */
export function normalizeDeliveryMetrics(body: unknown, days: number): DeliveryMetrics {
  const source = isObject(body) ? body : {};
  const metric = (key: MetricKey): DeliveryMetric => metricOf(key, source[key]);
  return {
    days: typeof source['days'] === 'number' ? source['days'] : days,
    deploymentFrequency: metric('deploymentFrequency'),
    leadTimeForChanges: metric('leadTimeForChanges'),
    changeFailureRate: metric('changeFailureRate'),
    timeToRestore: metric('timeToRestore'),
  };
}

/** Live `application` and `rollout` events carry `{type, object}`, as a watch does. */
export function watchedObject(data: unknown): unknown {
  return isObject(data) && isObject(data['object']) ? data['object'] : data;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A list row of `GET /api/applications`: the server's summary, or read off a whole object. */
export function applicationRow(item: unknown): ApplicationRow {
  const source = isObject(item) ? item : {};
  if (!isObject(source['metadata'])) return source as ApplicationRow;
  const app = source as Application;
  const spec = app.spec ?? {};
  return {
    namespace: app.metadata.namespace ?? '',
    name: app.metadata.name,
    project: spec.project ?? 'default',
    repoURL: spec.source?.repoURL ?? null,
    path: spec.source?.path ?? null,
    targetRevision: spec.source?.targetRevision ?? null,
    ...applicationStatusRow(app.status ?? {}),
  };
}

function applicationStatusRow(
  status: NonNullable<Application['status']>,
): Pick<ApplicationRow, 'sync' | 'health' | 'revision' | 'syncedAt' | 'operation'> {
  return {
    sync: status.sync?.status ?? 'Unknown',
    health: status.health?.status ?? 'Unknown',
    revision: status.sync?.revision ?? null,
    syncedAt: text(status.operationState?.finishedAt),
    operation: text(status.operationState?.phase),
  };
}

/** A list row of `GET /api/rollouts`: the server's summary, or read off a whole Rollout. */
export function rolloutRow(item: unknown): RolloutRow {
  const source = isObject(item) ? item : {};
  if (!isObject(source['metadata']) && !isObject(source['rollout'])) return source as RolloutRow;
  const { rollout } = normalizeRolloutSnapshot(source);
  const status = rollout.status ?? {};
  const steps = rollout.spec?.strategy?.canary?.steps ?? [];
  return {
    namespace: rollout.metadata.namespace ?? '',
    name: rollout.metadata.name,
    project: 'default',
    phase: status.phase ?? 'Unknown',
    message: status.message ?? null,
    replicas: rollout.spec?.replicas ?? 1,
    readyReplicas: status.readyReplicas ?? 0,
    step: steps.length ? (status.currentStepIndex ?? 0) : null,
    steps: steps.length,
    canaryWeight: status.canary?.weights?.canary.weight ?? null,
    aborted: status.abort === true,
  };
}
