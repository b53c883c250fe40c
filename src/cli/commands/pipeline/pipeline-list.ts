import { InputError } from '../../../errors/index.js';
import type { RunRecord, RunStatus } from '../../../store/index.js';
import type { Command } from '../../command.js';
import { listRuns, onServer, serverTarget, targetOptions } from '../remote/index.js';
import { table } from '../app/app-context.js';
import { formatDuration, openStore } from './pipeline-context.js';

const statuses: readonly RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export const pipelineListCommand: Command = {
  path: ['pipeline', 'list'],
  summary: 'list pipeline runs, newest first',
  usage: 'slipway pipeline list [--pipeline NAME] [--status STATUS] [--limit N]',
  options: {
    pipeline: { type: 'string' },
    status: { type: 'string' },
    limit: { type: 'string' },
    ...targetOptions,
  },
  async run(values, io) {
    const status = values['status'];
    if (typeof status === 'string' && !statuses.some((s) => s === status)) {
      throw new InputError(`--status ${status}: must be one of ${statuses.join(', ')}`);
    }
    const limit = Number(values['limit'] ?? '20');
    if (!Number.isInteger(limit) || limit < 1) {
      throw new InputError(`--limit: "${String(values['limit'])}" is not a whole number above 0`);
    }
    const filter = {
      pipeline: typeof values['pipeline'] === 'string' ? values['pipeline'] : undefined,
      status: typeof status === 'string' ? status : undefined,
      limit,
    };
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () => {
        io.out(runListTable(await listRuns(server, filter)));
        return 0;
      });
    }
    const store = openStore();
    try {
      const runs = await store.listRuns({
        pipeline: filter.pipeline,
        status: filter.status === undefined ? undefined : [filter.status as RunStatus],
        limit,
      });
      io.out(runListTable(runs));
      return 0;
    } finally {
      store.close();
    }
  },
};

/** What a `pipeline list` row shows: a run from the store or the server's summary of one. */
export type RunListRow = Pick<RunRecord, 'id' | 'pipeline' | 'status' | 'createdAt'> & {
  readonly event: { readonly kind: string; readonly action?: string; readonly sha: string };
  readonly startedAt?: string | null;
  readonly finishedAt?: string | null;
};

/** Newest first, as given. Pure. */
export function runListTable(runs: readonly RunListRow[]): string {
  const rows = runs.map((run) => [
    run.id,
    run.pipeline,
    run.event.kind + (run.event.action === undefined ? '' : `/${run.event.action}`),
    run.status,
    run.startedAt ?? run.createdAt,
    formatDuration(
      run.startedAt && run.finishedAt
        ? Date.parse(run.finishedAt) - Date.parse(run.startedAt)
        : undefined,
    ),
    run.event.sha.slice(0, 12),
  ]);
  return table([['RUN', 'PIPELINE', 'EVENT', 'STATUS', 'STARTED', 'DURATION', 'SHA'], ...rows]);
}
