import { finishedRunStatuses, type RunRecord, type RunStore } from '../../store/index.js';
import type { EventHub } from './event-hub.js';
import type { SlipwayMetrics } from './prom-metrics.js';

// The run store as the pipeline runner writes to it, seen by the server on the way: each run
// change and log line becomes a live event, each finished run a metric.

export function observedRunStore(
  store: RunStore,
  hub: EventHub,
  metrics: SlipwayMetrics,
  projectOf: (run: RunRecord) => string = () => 'default',
): RunStore {
  const publish = async (id: string): Promise<RunRecord | undefined> => {
    const run = await store.getRun(id);
    if (run !== undefined) hub.publish('run', 'runs', projectOf(run), run);
    return run;
  };
  return {
    createRun: async (run) => {
      await store.createRun(run);
      hub.publish('run', 'runs', projectOf(run), run);
    },
    updateRun: async (id, patch) => {
      await store.updateRun(id, patch);
      const run = await publish(id);
      if (
        run !== undefined &&
        patch.status !== undefined &&
        finishedRunStatuses.includes(patch.status)
      ) {
        metrics.pipelineRuns.inc({ status: run.status });
        if (run.startedAt !== undefined && run.finishedAt !== undefined)
          metrics.pipelineRunDuration.observe(
            (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000,
          );
      }
    },
    getRun: (id) => store.getRun(id),
    listRuns: (filter) => store.listRuns(filter),
    requestCancel: (id) => store.requestCancel(id),
    appendLog: async (entry) => {
      const seq = await store.appendLog(entry);
      hub.publish('log', `logs:${entry.runId}`, 'default', { ...entry, seq });
      return seq;
    },
    logs: (runId, afterSeq, limit) => store.logs(runId, afterSeq, limit),
    close: () => store.close(),
  };
}
