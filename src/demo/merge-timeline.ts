import type { RunRecord } from '../store/index.js';

// Where the time goes between "merge" and "the canary serves 20%": the main run's detection,
// queueing and steps, the GitOps commit's detection and sync, and the pods becoming ready.
// Pure: from the run record, the Application's history entry and two observed instants.

export type TimelineRow = {
  readonly stage: string;
  readonly ms: number;
  /** False for work that runs beside the critical path (e.g. the notify job). */
  readonly critical: boolean;
};

export type TimelineInput = {
  readonly mergedAt: number;
  readonly run: RunRecord;
  /** The Application history entry of the config commit the run made. */
  readonly sync: { readonly deployStartedAt?: string; readonly deployedAt: string };
  /** When the demo saw the Rollout paused at 20% with the canary's pods ready. */
  readonly canaryAt: number;
};

const at = (iso: string | undefined): number | undefined =>
  iso === undefined ? undefined : Date.parse(iso);

export function mergeTimeline(input: TimelineInput): { rows: TimelineRow[]; totalMs: number } {
  const { run } = input;
  const rows: TimelineRow[] = [];
  const span = (
    stage: string,
    from: number | undefined,
    to: number | undefined,
    critical = true,
  ): void => {
    if (from !== undefined && to !== undefined)
      rows.push({ stage, ms: Math.max(0, to - from), critical });
  };
  span('webhook → main run queued (detection)', input.mergedAt, at(run.createdAt));
  span('queued → started', at(run.createdAt), at(run.startedAt));
  const release = run.summary.jobs.find((j) => j.id === 'release');
  for (const job of run.summary.jobs) {
    const critical = job.id !== 'notify';
    for (const step of job.steps) {
      if (step.durationMs !== undefined && step.status !== 'skipped')
        rows.push({ stage: `${job.id} / ${step.name}`, ms: step.durationMs, critical });
    }
  }
  const bumped = at(release?.steps.at(-1)?.finishedAt ?? release?.finishedAt);
  const syncStart = at(input.sync.deployStartedAt);
  const synced = at(input.sync.deployedAt);
  span('config commit → sync started (GitOps detection)', bumped, syncStart);
  span('sync (apply)', syncStart ?? bumped, synced);
  span('synced → canary pods ready, 20% served', synced, input.canaryAt);
  return { rows, totalMs: input.canaryAt - input.mergedAt };
}

/** The timeline as an aligned table, parallel work marked. */
export function timelineTable(timeline: { rows: readonly TimelineRow[]; totalMs: number }): string {
  const width = Math.max(...timeline.rows.map((r) => r.stage.length), 10);
  const lines = timeline.rows.map(
    (r) =>
      `  ${r.stage.padEnd(width)}  ${(r.ms / 1000).toFixed(1).padStart(6)} s${r.critical ? '' : '  (beside the critical path)'}`,
  );
  return [
    ...lines,
    `  ${'merge → canary serving 20%'.padEnd(width)}  ${(timeline.totalMs / 1000).toFixed(1).padStart(6)} s`,
  ].join('\n');
}
