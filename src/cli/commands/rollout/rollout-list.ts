import { slipwayApiVersion } from '../../../kube/index.js';
import type { RolloutView } from '../../../rollout/actions/index.js';
import type { Command } from '../../command.js';
import { rolloutListTable } from './render-rollout.js';
import { namespaceOptions, rolloutContext } from './rollout-context.js';

export const rolloutListCommand: Command = {
  path: ['rollout', 'list'],
  summary: 'list Rollouts with their replicas, phase, canary step and weight',
  usage: 'slipway rollout list [-n NAMESPACE | -A]',
  options: { ...namespaceOptions, 'all-namespaces': { type: 'boolean', short: 'A' } },
  async run(values, io) {
    const ctx = await rolloutContext(values);
    const all = values['all-namespaces'] === true;
    const list = await ctx.client.list(
      slipwayApiVersion,
      'Rollout',
      all ? {} : { namespace: ctx.namespace },
    );
    const rollouts = list.items as RolloutView[];
    if (rollouts.length === 0) {
      io.err(all ? 'no rollouts in any namespace' : `no rollouts in namespace "${ctx.namespace}"`);
      return 0;
    }
    io.out(rolloutListTable(rollouts, Date.now(), all));
    return 0;
  },
};
