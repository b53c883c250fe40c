import type { KubeObject } from '../../kube/index.js';
import { assessHealth, worstHealth, type HealthStatus } from '../health/index.js';
import type { ResourceState } from '../sync/sync-plan.js';
import type {
  AppCondition,
  AppSyncStatus,
  HistoryEntry,
  ResourceStatus,
} from './application-object.js';
import { groupVersion } from './sync-app.js';

/** Each resource's sync and health, and the app's overall health. Pure. */
export function resourceStatuses(resources: readonly ResourceState[]): {
  resources: ResourceStatus[];
  health: { status: HealthStatus; message?: string };
  sync: AppSyncStatus;
} {
  const statuses: ResourceStatus[] = resources.map((r) => {
    const health = r.requiresPruning
      ? undefined
      : r.live === undefined
        ? { status: 'Missing' as const }
        : assessHealth(r.live);
    return {
      ...groupVersion(r.ref.apiVersion),
      kind: r.ref.kind,
      ...(r.ref.namespace ? { namespace: r.ref.namespace } : {}),
      name: r.ref.name,
      status: r.status,
      ...(health
        ? {
            health: health.message
              ? { status: health.status, message: health.message }
              : { status: health.status },
          }
        : {}),
      ...(r.requiresPruning ? { requiresPruning: true } : {}),
    };
  });
  const worst = worstHealth(statuses.flatMap((s) => (s.health ? [s.health.status] : [])));
  const culprit = statuses.find((s) => s.health?.status === worst && worst !== 'Healthy');
  const health = culprit
    ? {
        status: worst,
        message: `${culprit.kind}/${culprit.name}: ${culprit.health?.message ?? worst}`,
      }
    : { status: worst };
  const sync: AppSyncStatus = statuses.every((s) => s.status === 'Synced') ? 'Synced' : 'OutOfSync';
  return { resources: statuses, health, sync };
}

/** Re-reads the live objects after a sync, keeping each resource's place. */
export function withLive(
  resources: readonly ResourceState[],
  live: ReadonlyMap<string, KubeObject | undefined>,
): ResourceState[] {
  return resources.map((r) => ({ ...r, live: live.get(r.key) }));
}

/** Adds a deploy to the history, keeping the newest `limit` entries. Pure. */
export function appendHistory(
  history: readonly HistoryEntry[],
  entry: Omit<HistoryEntry, 'id'>,
  limit: number,
): HistoryEntry[] {
  const id = history.reduce((max, h) => Math.max(max, h.id), -1) + 1;
  return [...history, { ...entry, id }].slice(-Math.max(limit, 1));
}

/** Sets or clears one condition type, keeping its transition time when the message is unchanged. Pure. */
export function setCondition(
  conditions: readonly AppCondition[],
  type: string,
  message: string | undefined,
  now: string,
): AppCondition[] {
  const others = conditions.filter((c) => c.type !== type);
  if (message === undefined) return others;
  const same = conditions.find((c) => c.type === type && c.message === message);
  return [...others, same ?? { type, message, lastTransitionTime: now }];
}
