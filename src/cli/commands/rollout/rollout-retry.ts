import { applyPatches, retryAction } from '../../../rollout/actions/index.js';
import type { Command } from '../../command.js';
import { getRollout, namespaceOptions, rolloutContext, rolloutName } from './rollout-context.js';

const usage = 'slipway rollout retry NAME [-n NAMESPACE]';

export const rolloutRetryCommand: Command = {
  path: ['rollout', 'retry'],
  summary: 'start an aborted update again from its first step',
  usage,
  options: namespaceOptions,
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const name = rolloutName(positionals, usage);
    const ctx = await rolloutContext(values);
    await applyPatches(ctx, name, retryAction(await getRollout(ctx, name)));
    io.out(`rollout "${name}" retrying its update`);
    return 0;
  },
};
