import { InputError } from '../../../errors/index.js';
import type { Command } from '../../command.js';
import {
  applyPatches,
  getRollout,
  namespaceOptions,
  rolloutContext,
  rolloutName,
  type RolloutPatches,
  type RolloutView,
} from './rollout-context.js';

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

/** Only an aborted Rollout can be retried. Pure. */
export function retryAction(rollout: RolloutView): RolloutPatches {
  const name = rollout.metadata.name;
  if (rollout.status?.abort !== true) {
    throw new InputError(`rollout "${name}" is not aborted; there is nothing to retry`, {
      hint: `see its state with \`slipway rollout get ${name}\``,
    });
  }
  return { status: { abort: false }, done: ['retrying'] };
}
