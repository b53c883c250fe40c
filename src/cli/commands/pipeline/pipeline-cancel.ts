import { finishedRunStatuses } from '../../../store/index.js';
import type { RunRecord } from '../../../store/index.js';
import type { Command } from '../../command.js';
import { cancelRun, onServer, readRun, serverTarget, targetOptions } from '../remote/index.js';
import { getRunOrFail, openStore } from './pipeline-context.js';

export const pipelineCancelCommand: Command = {
  path: ['pipeline', 'cancel'],
  summary: 'ask a running pipeline run to stop; its process cancels it within a second',
  usage: 'slipway pipeline cancel RUN',
  options: targetOptions,
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () => {
        const run = await readRun(server, positionals[0] ?? '');
        if (alreadyDone(run, io)) return 0;
        await cancelRun(server, run.id);
        io.out(`run ${run.id}: cancel requested`);
        return 0;
      });
    }
    const store = openStore();
    try {
      const run = await getRunOrFail(store, positionals[0]);
      if (alreadyDone(run, io)) return 0;
      await store.requestCancel(run.id);
      io.out(`run ${run.id}: cancel requested`);
      return 0;
    } finally {
      store.close();
    }
  },
};

function alreadyDone(run: RunRecord, io: { out: (text: string) => void }): boolean {
  if (!finishedRunStatuses.includes(run.status)) return false;
  io.out(`run ${run.id} already ${run.status}`);
  return true;
}
