import { applyPatches, retryAction } from '../../../rollout/actions/index.js';
import type { Command } from '../../command.js';
import {
  onServer,
  rolloutAction,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import { getRollout, namespaceOptions, rolloutContext, rolloutName } from './rollout-context.js';

const usage = 'slipway rollout retry NAME [-n NAMESPACE]';

export const rolloutRetryCommand: Command = {
  path: ['rollout', 'retry'],
  summary: 'start an aborted update again from its first step',
  usage,
  options: { ...namespaceOptions, ...targetOptions },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const name = rolloutName(positionals, usage);
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () => {
        const target = { namespace: serverNamespace(values), name };
        await rolloutAction(server, target, 'retry');
        io.out(`rollout "${name}" retrying its update`);
        return 0;
      });
    }
    const ctx = await rolloutContext(values);
    await applyPatches(ctx, name, retryAction(await getRollout(ctx, name)));
    io.out(`rollout "${name}" retrying its update`);
    return 0;
  },
};
