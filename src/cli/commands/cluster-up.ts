import { InputError } from '../../errors/index.js';
import { clusterUp } from '../../cluster/index.js';
import type { Command } from '../command.js';

export function parseKwokNodes(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 5000) {
    throw new InputError(`--kwok-nodes: "${text}" is not a whole number from 0 to 5000`, {
      hint: 'give how many simulated nodes to add, e.g. `slipway cluster up --kwok-nodes 3`',
    });
  }
  return value;
}

export const clusterUpCommand: Command = {
  path: ['cluster', 'up'],
  summary: 'start the local Kubernetes cluster, registry and node (a no-op if it runs)',
  usage: 'slipway cluster up [--kwok-nodes N]',
  options: { 'kwok-nodes': { type: 'string' } },
  async run(values, io) {
    const kwokNodes = parseKwokNodes(values['kwok-nodes']);
    const result = await clusterUp(kwokNodes === undefined ? {} : { kwokNodes }, (m) =>
      io.err(`cluster up: ${m}`),
    );
    if (result.kind === 'already-running') {
      io.out(
        result.kwokNodesChanged
          ? `The cluster was running; it now has ${result.record?.kwokNodes ?? 0} kwok node(s).`
          : 'The cluster is already running; nothing to do. (`slipway cluster status` shows it.)',
      );
      return 0;
    }
    io.out(
      `Cluster up: ${1 + result.record.kwokNodes} node(s) Ready in ${(result.record.readyAfterMs / 1000).toFixed(1)} s.`,
    );
    io.out('Use it from this shell with:  eval "$(npx slipway cluster env)"');
    return 0;
  },
};
