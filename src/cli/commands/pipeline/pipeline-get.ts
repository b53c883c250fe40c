import type { RunRecord } from '../../../store/index.js';
import type { Command, CommandOutput } from '../../command.js';
import { onServer, readRun, serverTarget, targetOptions } from '../remote/index.js';
import { describeRun, getRunOrFail, openStore } from './pipeline-context.js';

export const pipelineGetCommand: Command = {
  path: ['pipeline', 'get'],
  summary:
    "show a run: its event, each job's and step's status, duration and exit code, and why it failed",
  usage: 'slipway pipeline get RUN [--json]',
  options: { json: { type: 'boolean' }, ...targetOptions },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const json = values['json'] === true;
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () =>
        printRun(await readRun(server, positionals[0] ?? ''), json, io),
      );
    }
    const store = openStore();
    try {
      return printRun(await getRunOrFail(store, positionals[0]), json, io);
    } finally {
      store.close();
    }
  },
};

function printRun(run: RunRecord, json: boolean, io: CommandOutput): number {
  if (json) {
    io.out(JSON.stringify(run, null, 2));
    return 0;
  }
  io.out(`run ${run.id}: pipeline ${run.pipeline} (${run.summary.file})`);
  io.out(`repo ${run.repo} at ${run.event.sha}, ${run.event.kind} ${run.event.ref}`);
  if (run.cancelRequested && run.status === 'running') io.out('cancel requested');
  io.out('');
  io.out(describeRun(run));
  return 0;
}
