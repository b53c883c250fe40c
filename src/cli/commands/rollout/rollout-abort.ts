import { abortAction, applyPatches } from '../../../rollout/actions/index.js';
import type { Command } from '../../command.js';
import {
  onServer,
  rolloutAction,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import { getRollout, namespaceOptions, rolloutContext, rolloutName } from './rollout-context.js';

const usage = 'slipway rollout abort NAME [-n NAMESPACE]';

export const rolloutAbortCommand: Command = {
  path: ['rollout', 'abort'],
  summary: 'stop an update: all traffic and replicas go back to the stable ReplicaSet (Degraded)',
  usage,
  options: { ...namespaceOptions, ...targetOptions },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const name = rolloutName(positionals, usage);
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () => {
        const target = { namespace: serverNamespace(values), name };
        await rolloutAction(server, target, 'abort');
        io.out(`rollout "${name}" aborted; it goes back to its stable ReplicaSet`);
        io.out(`  → start the update again with \`slipway rollout retry ${name}\``);
        return 0;
      });
    }
    const ctx = await rolloutContext(values);
    await applyPatches(ctx, name, abortAction(await getRollout(ctx, name)));
    io.out(`rollout "${name}" aborted; it goes back to its stable ReplicaSet`);
    io.out(`  → start the update again with \`slipway rollout retry ${name}\``);
    return 0;
  },
};
