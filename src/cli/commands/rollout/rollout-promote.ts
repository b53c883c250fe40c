import { applyPatches, promoteAction } from '../../../rollout/actions/index.js';
import type { Command } from '../../command.js';
import { getRollout, namespaceOptions, rolloutContext, rolloutName } from './rollout-context.js';

const usage = 'slipway rollout promote NAME [-n NAMESPACE] [--full]';

export const rolloutPromoteCommand: Command = {
  path: ['rollout', 'promote'],
  summary:
    'move a paused Rollout on: resume it, end the current pause or step; --full skips every remaining step and analysis',
  usage,
  options: { ...namespaceOptions, full: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const name = rolloutName(positionals, usage);
    const ctx = await rolloutContext(values);
    const action = promoteAction(await getRollout(ctx, name), values['full'] === true);
    await applyPatches(ctx, name, action);
    io.out(`rollout "${name}" promoted: ${action.done.join('; ')}`);
    return 0;
  },
};
