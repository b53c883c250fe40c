import { InputError } from '../../../errors/index.js';
import type { Command } from '../../command.js';
import {
  applyPatches,
  fullyPromoted,
  getRollout,
  namespaceOptions,
  rolloutContext,
  rolloutName,
  type RolloutPatches,
  type RolloutView,
} from './rollout-context.js';

const usage = 'slipway rollout abort NAME [-n NAMESPACE]';

export const rolloutAbortCommand: Command = {
  path: ['rollout', 'abort'],
  summary: 'stop an update: all traffic and replicas go back to the stable ReplicaSet (Degraded)',
  usage,
  options: namespaceOptions,
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const name = rolloutName(positionals, usage);
    const ctx = await rolloutContext(values);
    await applyPatches(ctx, name, abortAction(await getRollout(ctx, name)));
    io.out(`rollout "${name}" aborted; it goes back to its stable ReplicaSet`);
    io.out(`  → start the update again with \`slipway rollout retry ${name}\``);
    return 0;
  },
};

/** Aborting needs an update in progress; aborting a settled Rollout would only degrade it. Pure. */
export function abortAction(rollout: RolloutView): RolloutPatches {
  const name = rollout.metadata.name;
  if (rollout.status?.abort === true) {
    throw new InputError(`rollout "${name}" is already aborted`, {
      hint: `use \`slipway rollout retry ${name}\` to start the update again`,
    });
  }
  if (fullyPromoted(rollout)) {
    throw new InputError(`rollout "${name}" is not updating; there is nothing to abort`, {
      hint: 'abort stops a canary in progress; to go back to an older revision use `slipway rollout undo`',
    });
  }
  return { status: { abort: true }, done: ['aborted'] };
}
