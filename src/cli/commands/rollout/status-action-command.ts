import type { RolloutPatches, RolloutView } from '../../../rollout/actions/index.js';
import { applyPatches } from '../../../rollout/actions/index.js';
import type { Command } from '../../command.js';
import {
  onServer,
  rolloutAction,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import { getRollout, namespaceOptions, rolloutContext, rolloutName } from './rollout-context.js';

type StatusAction = {
  readonly verb: 'abort' | 'retry';
  readonly summary: string;
  /** The patches for the rollout as it is now (refusing when the action makes no sense). */
  readonly patches: (rollout: RolloutView) => RolloutPatches;
  /** What to print once it is asked for, the same through the server or directly. */
  readonly said: (name: string) => readonly string[];
};

/** A `slipway rollout <verb> NAME` that is one status change, through the server or directly. */
export function statusActionCommand(action: StatusAction): Command {
  const usage = `slipway rollout ${action.verb} NAME [-n NAMESPACE]`;
  return {
    path: ['rollout', action.verb],
    summary: action.summary,
    usage,
    options: { ...namespaceOptions, ...targetOptions },
    positionals: { min: 1, max: 1 },
    async run(values, io, positionals) {
      const name = rolloutName(positionals, usage);
      const print = (): number => {
        for (const line of action.said(name)) io.out(line);
        return 0;
      };
      const server = serverTarget(values);
      if (server) {
        return onServer(io, async () => {
          await rolloutAction(server, { namespace: serverNamespace(values), name }, action.verb);
          return print();
        });
      }
      const ctx = await rolloutContext(values);
      await applyPatches(ctx, name, action.patches(await getRollout(ctx, name)));
      return print();
    },
  };
}
