import { applyPatches, promoteAction } from '../../../rollout/actions/index.js';
import type { Command } from '../../command.js';
import {
  onServer,
  rolloutAction,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import { getRollout, namespaceOptions, rolloutContext, rolloutName } from './rollout-context.js';

const usage = 'slipway rollout promote NAME [-n NAMESPACE] [--full]';

export const rolloutPromoteCommand: Command = {
  path: ['rollout', 'promote'],
  summary:
    'move a paused Rollout on: resume it, end the current pause or step; --full skips every remaining step and analysis',
  usage,
  options: { ...namespaceOptions, ...targetOptions, full: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const name = rolloutName(positionals, usage);
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () => {
        const target = { namespace: serverNamespace(values), name };
        const done = await rolloutAction(server, target, 'promote', {
          full: values['full'] === true,
        });
        io.out(`rollout "${name}" promoted: ${done}`);
        return 0;
      });
    }
    const ctx = await rolloutContext(values);
    const action = promoteAction(await getRollout(ctx, name), values['full'] === true);
    await applyPatches(ctx, name, action);
    io.out(`rollout "${name}" promoted: ${action.done.join('; ')}`);
    return 0;
  },
};
