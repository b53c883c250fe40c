import { finishedRunStatuses } from '../../../store/index.js';
import type { Command } from '../../command.js';
import { getRunOrFail, openStore } from './pipeline-context.js';

export const pipelineCancelCommand: Command = {
  path: ['pipeline', 'cancel'],
  summary: 'ask a running pipeline run to stop; its process cancels it within a second',
  usage: 'slipway pipeline cancel RUN',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(_values, io, positionals) {
    const store = openStore();
    try {
      const run = await getRunOrFail(store, positionals[0]);
      if (finishedRunStatuses.includes(run.status)) {
        io.out(`run ${run.id} already ${run.status}`);
        return 0;
      }
      await store.requestCancel(run.id);
      io.out(`run ${run.id}: cancel requested`);
      return 0;
    } finally {
      store.close();
    }
  },
};
