import { clusterDown } from '../../cluster/index.js';
import type { Command } from '../command.js';

export const clusterDownCommand: Command = {
  path: ['cluster', 'down'],
  summary: 'stop every process of the local cluster and remove its state (unless --keep)',
  usage: 'slipway cluster down [--keep]',
  options: { keep: { type: 'boolean' } },
  async run(values, io) {
    const report = await clusterDown({ keepState: values['keep'] === true });
    io.out(
      report.stopped.length > 0
        ? `Stopped: ${report.stopped.join(', ')}.`
        : 'No cluster process was running.',
    );
    if (report.cleaned.length > 0) io.out(`Cleaned up: ${report.cleaned.join('; ')}.`);
    if (values['keep'] === true) io.out('State kept; `slipway cluster up` resumes it.');
    return 0;
  },
};
