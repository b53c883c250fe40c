import { finishedRunStatuses } from '../../../store/index.js';
import type { Command } from '../../command.js';
import { getRunOrFail, openStore } from './pipeline-context.js';

export const pipelineLogsCommand: Command = {
  path: ['pipeline', 'logs'],
  summary: "print a run's log lines; with -f, follow them until the run ends",
  usage: 'slipway pipeline logs RUN [-f] [--timestamps]',
  options: { follow: { type: 'boolean', short: 'f' }, timestamps: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const store = openStore();
    try {
      const run = await getRunOrFail(store, positionals[0]);
      let after = 0;
      for (;;) {
        const lines = await store.logs(run.id, after);
        for (const entry of lines) {
          const time = values['timestamps'] === true ? `${entry.time} ` : '';
          io.out(`${time}[${entry.job}/${entry.step}] ${entry.line}`);
          after = entry.seq;
        }
        if (values['follow'] !== true) return 0;
        const now = await store.getRun(run.id);
        if (lines.length === 0 && (now === undefined || finishedRunStatuses.includes(now.status))) {
          return 0;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    } finally {
      store.close();
    }
  },
};
