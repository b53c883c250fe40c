// The four DORA metrics from Slipway's own records: deployments (syncs that changed the
// revision), lead time (run → deployment of the commit it bumped), change failure rate (rollouts
// aborted / started) and time to restore (abort → next Healthy). Pure.

export type DeliveryEventKind = 'deploy' | 'rollout-start' | 'rollout-abort' | 'rollout-healthy';

export type DeliveryEvent = {
  readonly kind: DeliveryEventKind;
  /** `namespace/name` of the Application or Rollout. */
  readonly subject: string;
  /** What makes the event unique for its subject: a history id, a pod-template hash. */
  readonly ref: string;
  readonly at: string;
  readonly revision?: string;
};

/** What a pipeline run contributes: when it began and the config commit it pushed, if any. */
export type RunCommit = { readonly createdAt: string; readonly commit: string | undefined };

export type DeliveryMetrics = {
  readonly days: number;
  readonly from: string;
  readonly to: string;
  readonly deploymentFrequency: { readonly deployments: number; readonly perDay: number };
  readonly leadTimeForChanges: { readonly samples: number; readonly medianSeconds: number | null };
  readonly changeFailureRate: {
    readonly started: number;
    readonly aborted: number;
    readonly rate: number | null;
  };
  readonly timeToRestore: { readonly samples: number; readonly medianSeconds: number | null };
};

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const value =
    sorted.length % 2 === 1
      ? (sorted[mid] ?? 0)
      : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return Math.round(value);
}

const seconds = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 1000;

/** Lead time of each deployment whose revision is a commit some run pushed. */
function leadTimes(deploys: readonly DeliveryEvent[], runs: readonly RunCommit[]): number[] {
  const byCommit = new Map<string, string>();
  for (const run of runs) {
    if (run.commit === undefined) continue;
    const known = byCommit.get(run.commit);
    if (known === undefined || run.createdAt < known) byCommit.set(run.commit, run.createdAt);
  }
  return deploys.flatMap((d) => {
    const start = d.revision === undefined ? undefined : byCommit.get(d.revision);
    return start === undefined ? [] : [Math.max(0, seconds(start, d.at))];
  });
}

/** For each abort, the time until the same Rollout was next Healthy. */
function restoreTimes(events: readonly DeliveryEvent[]): number[] {
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  return sorted.flatMap((abort) => {
    if (abort.kind !== 'rollout-abort') return [];
    const healthy = sorted.find(
      (e) => e.kind === 'rollout-healthy' && e.subject === abort.subject && e.at >= abort.at,
    );
    return healthy === undefined ? [] : [seconds(abort.at, healthy.at)];
  });
}

export function deliveryMetrics(
  events: readonly DeliveryEvent[],
  runs: readonly RunCommit[],
  days: number,
  now: Date,
): DeliveryMetrics {
  const to = now.toISOString();
  const from = new Date(now.getTime() - days * 86_400_000).toISOString();
  const inWindow = events.filter((e) => e.at >= from && e.at <= to);
  const deploys = inWindow.filter((e) => e.kind === 'deploy');
  const started = inWindow.filter((e) => e.kind === 'rollout-start').length;
  const aborted = inWindow.filter((e) => e.kind === 'rollout-abort').length;
  const leads = leadTimes(deploys, runs);
  const restores = restoreTimes(inWindow);
  return {
    days,
    from,
    to,
    deploymentFrequency: {
      deployments: deploys.length,
      perDay: Math.round((deploys.length / days) * 100) / 100,
    },
    leadTimeForChanges: { samples: leads.length, medianSeconds: median(leads) },
    changeFailureRate: {
      started,
      aborted,
      rate: started === 0 ? null : Math.round((aborted / started) * 1000) / 1000,
    },
    timeToRestore: { samples: restores.length, medianSeconds: median(restores) },
  };
}
