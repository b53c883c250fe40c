import type { Command } from '../../command.js';
import {
  onServer,
  rolloutAction,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import { applyPatches } from '../../../rollout/actions/index.js';
import { getRollout, namespaceOptions, rolloutContext, rolloutName } from './rollout-context.js';

const usage = 'slipway rollout restart NAME [-n NAMESPACE]';

export const rolloutRestartCommand: Command = {
  path: ['rollout', 'restart'],
  summary: "recreate a Rollout's pods one at a time, keeping it available (spec.restartAt)",
  usage,
  options: { ...namespaceOptions, ...targetOptions },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const name = rolloutName(positionals, usage);
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () => {
        const target = { namespace: serverNamespace(values), name };
        const done = await rolloutAction(server, target, 'restart');
        io.out(`rollout "${name}" ${done.replace(/^restarting/, 'restarting its pods')}`);
        return 0;
      });
    }
    const ctx = await rolloutContext(values);
    await getRollout(ctx, name);
    const restartAt = new Date().toISOString();
    await applyPatches(ctx, name, { spec: { restartAt }, done: ['restarting'] });
    io.out(`rollout "${name}" restarting its pods (restartAt ${restartAt})`);
    return 0;
  },
};
