import { InputError } from '../../../errors/index.js';
import type { RunStatus } from '../../../store/index.js';
import type { Command } from '../../command.js';
import { table } from '../app/app-context.js';
import { formatDuration, openStore, runDuration } from './pipeline-context.js';

const statuses: readonly RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export const pipelineListCommand: Command = {
  path: ['pipeline', 'list'],
  summary: 'list pipeline runs, newest first',
  usage: 'slipway pipeline list [--pipeline NAME] [--status STATUS] [--limit N]',
  options: {
    pipeline: { type: 'string' },
    status: { type: 'string' },
    limit: { type: 'string' },
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
    const store = openStore();
    try {
      const runs = await store.listRuns({
        pipeline: typeof values['pipeline'] === 'string' ? values['pipeline'] : undefined,
        status: typeof status === 'string' ? [status as RunStatus] : undefined,
        limit,
      });
      const rows = runs.map((run) => [
        run.id,
        run.pipeline,
        run.event.kind + (run.event.action === undefined ? '' : `/${run.event.action}`),
        run.status,
        run.startedAt ?? run.createdAt,
        formatDuration(runDuration(run)),
        run.event.sha.slice(0, 12),
      ]);
      io.out(
        table([['RUN', 'PIPELINE', 'EVENT', 'STATUS', 'STARTED', 'DURATION', 'SHA'], ...rows]),
      );
      return 0;
    } finally {
      store.close();
    }
  },
};
