import { slipwayApiVersion } from '../../../kube/index.js';
import type { RolloutView } from '../../../rollout/actions/index.js';
import type { Command } from '../../command.js';
import {
  listRollouts,
  onServer,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import { rolloutListTable, rolloutRowsTable } from './render-rollout.js';
import { namespaceOptions, rolloutContext } from './rollout-context.js';

export const rolloutListCommand: Command = {
  path: ['rollout', 'list'],
  summary: 'list Rollouts with their replicas, phase, canary step and weight',
  usage: 'slipway rollout list [-n NAMESPACE | -A]',
  options: {
    ...namespaceOptions,
    ...targetOptions,
    'all-namespaces': { type: 'boolean', short: 'A' },
  },
  async run(values, io) {
    const all = values['all-namespaces'] === true;
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () => {
        const namespace = all ? undefined : serverNamespace(values);
        const rows = await listRollouts(server, namespace);
        if (rows.length === 0) io.err(noRollouts(namespace));
        else io.out(rolloutRowsTable(rows, Date.now(), all));
        return 0;
      });
    }
    const ctx = await rolloutContext(values);
    const list = await ctx.client.list(
      slipwayApiVersion,
      'Rollout',
      all ? {} : { namespace: ctx.namespace },
    );
    const rollouts = list.items as RolloutView[];
    if (rollouts.length === 0) {
      io.err(noRollouts(all ? undefined : ctx.namespace));
      return 0;
    }
    io.out(rolloutListTable(rollouts, Date.now(), all));
    return 0;
  },
};

const noRollouts = (namespace: string | undefined): string =>
  namespace === undefined
    ? 'no rollouts in any namespace'
    : `no rollouts in namespace "${namespace}"`;
