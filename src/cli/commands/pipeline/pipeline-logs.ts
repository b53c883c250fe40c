import { finishedRunStatuses, type LogEntry, type RunStatus } from '../../../store/index.js';
import type { Command, CommandOutput } from '../../command.js';
import { onServer, readRun, runLogs, serverTarget, targetOptions } from '../remote/index.js';
import { getRunOrFail, openStore } from './pipeline-context.js';

/** Where the lines come from: the local store or the server. */
type LogSource = {
  readonly logs: (after: number) => Promise<readonly LogEntry[]>;
  /** Undefined once the run is gone. */
  readonly status: () => Promise<RunStatus | undefined>;
};

export const pipelineLogsCommand: Command = {
  path: ['pipeline', 'logs'],
  summary: "print a run's log lines; with -f, follow them until the run ends",
  usage: 'slipway pipeline logs RUN [-f] [--timestamps]',
  options: {
    follow: { type: 'boolean', short: 'f' },
    timestamps: { type: 'boolean' },
    ...targetOptions,
  },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () => {
        const run = await readRun(server, positionals[0] ?? '');
        return printLogs(
          {
            logs: (after) => runLogs(server, run.id, after),
            status: async () => (await readRun(server, run.id)).status,
          },
          values,
          io,
        );
      });
    }
    const store = openStore();
    try {
      const run = await getRunOrFail(store, positionals[0]);
      return await printLogs(
        {
          logs: (after) => store.logs(run.id, after),
          status: async () => (await store.getRun(run.id))?.status,
        },
        values,
        io,
      );
    } finally {
      store.close();
    }
  },
};

async function printLogs(
  source: LogSource,
  values: Record<string, unknown>,
  io: CommandOutput,
): Promise<number> {
  let after = 0;
  for (;;) {
    const lines = await source.logs(after);
    for (const entry of lines) {
      const time = values['timestamps'] === true ? `${entry.time} ` : '';
      io.out(`${time}[${entry.job}/${entry.step}] ${entry.line}`);
      after = entry.seq;
    }
    // The server answers a page of lines at a time: read on until there are no more.
    if (values['follow'] !== true) {
      if (lines.length === 0) return 0;
      continue;
    }
    const status = await source.status();
    if (lines.length === 0 && (status === undefined || finishedRunStatuses.includes(status))) {
      return 0;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
