import type { RolloutView } from '../../rollout/index.js';
import type { ApplicationObject } from '../../gitops/index.js';
import type { DeliveryEvent } from './delivery-metrics.js';
import type { DeliveryStore } from './delivery-store.js';
import type { EventHub } from './event-hub.js';
import type { IndexChange, ObjectIndex } from './object-index.js';
import { appProject, objectProject } from './projects.js';
import type { SlipwayMetrics } from './prom-metrics.js';

// What the server learns from watching Applications and Rollouts: live events for the UI, the
// sync metrics, and the delivery events the DORA metrics are computed from.

const keyOf = (o: { metadata: { namespace?: string; name: string } }): string =>
  `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;

/** History entries that deployed a revision other than the one before them. Pure. */
export function deployEvents(app: ApplicationObject): DeliveryEvent[] {
  const history = [...(app.status?.history ?? [])].sort((a, b) => a.id - b.id);
  return history.flatMap((entry, i) =>
    i > 0 && history[i - 1]?.revision === entry.revision
      ? []
      : [
          {
            kind: 'deploy' as const,
            subject: keyOf(app),
            ref: String(entry.id),
            at: entry.deployedAt,
            revision: entry.revision,
          },
        ],
  );
}

const updating = (r: RolloutView | undefined): boolean =>
  r?.status?.currentPodHash !== undefined &&
  r.status.stableRS !== undefined &&
  r.status.currentPodHash !== r.status.stableRS;

const healthy = (r: RolloutView | undefined): boolean =>
  r?.status?.phase === 'Healthy' && r.status.stableRS === r.status.currentPodHash;

/** The delivery events one observed change of a Rollout means. Pure. */
export function rolloutEvents(change: IndexChange<RolloutView>, now: string): DeliveryEvent[] {
  if (change.type === 'DELETED') return [];
  const { object: r, previous } = change;
  const subject = keyOf(r);
  const hash = r.status?.currentPodHash ?? '';
  const events: DeliveryEvent[] = [];
  if (updating(r) && !(updating(previous) && previous?.status?.currentPodHash === hash))
    events.push({ kind: 'rollout-start', subject, ref: hash, at: now });
  if (r.status?.abort === true && previous?.status?.abort !== true)
    events.push({
      kind: 'rollout-abort',
      subject,
      ref: `${hash}@${r.status.abortedAt ?? now}`,
      at: r.status.abortedAt ?? now,
    });
  if (healthy(r) && previous !== undefined && !healthy(previous))
    events.push({ kind: 'rollout-healthy', subject, ref: `${hash}@${now}`, at: now });
  return events;
}

export function observeCluster(deps: {
  readonly applications: ObjectIndex<ApplicationObject>;
  readonly rollouts: ObjectIndex<RolloutView>;
  readonly hub: EventHub;
  readonly metrics: SlipwayMetrics;
  readonly delivery: DeliveryStore;
}): () => void {
  const { applications, rollouts, hub, metrics, delivery } = deps;
  const stopApps = applications.onChange((change) => {
    const app = change.object;
    hub.publish('application', 'applications', appProject(app), { type: change.type, object: app });
    if (change.type === 'DELETED') return;
    const op = app.status?.operationState;
    const before = change.previous?.status?.operationState;
    if (
      op?.finishedAt !== undefined &&
      change.previous !== undefined &&
      op.finishedAt !== before?.finishedAt
    ) {
      metrics.syncs.inc({ phase: op.phase });
      metrics.syncDuration.observe(
        Math.max(0, (Date.parse(op.finishedAt) - Date.parse(op.startedAt)) / 1000),
      );
    }
    for (const event of deployEvents(app)) delivery.record(event);
  });
  const stopRollouts = rollouts.onChange((change) => {
    hub.publish('rollout', 'rollouts', objectProject(change.object, applications), {
      type: change.type,
      object: change.object,
    });
    for (const event of rolloutEvents(change, new Date().toISOString())) delivery.record(event);
  });
  return () => {
    stopApps();
    stopRollouts();
  };
}

/** Rollouts per phase, for the slipway_rollout_phase gauge. */
export function rolloutPhases(rollouts: ObjectIndex<RolloutView>): Record<string, number> {
  const counts: Record<string, number> = { Healthy: 0, Progressing: 0, Paused: 0, Degraded: 0 };
  for (const r of rollouts.values()) {
    const phase = r.status?.phase ?? 'Unknown';
    counts[phase] = (counts[phase] ?? 0) + 1;
  }
  return counts;
}
