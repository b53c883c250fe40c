import { InputError } from '../../../errors/index.js';
import {
  chooseUndoTarget,
  jsonPatchRollout,
  refuseWorkloadRef,
  restoredTemplate,
  revisionOf,
  rolloutReplicaSets,
  undoPatch,
} from '../../../rollout/actions/index.js';
import type { Command } from '../../command.js';
import {
  onServer,
  rolloutAction,
  serverNamespace,
  serverTarget,
  targetOptions,
} from '../remote/index.js';
import {
  getRollout,
  gitOpsNote,
  namespaceOptions,
  rolloutContext,
  rolloutName,
} from './rollout-context.js';

const usage = 'slipway rollout undo NAME [-n NAMESPACE] [--to-revision N]';

export const rolloutUndoCommand: Command = {
  path: ['rollout', 'undo'],
  summary:
    "put an earlier revision's pod template back into the Rollout (the previous one, or --to-revision N)",
  usage,
  options: { ...namespaceOptions, ...targetOptions, 'to-revision': { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const name = rolloutName(positionals, usage);
    const toRevision = parseRevision(values['to-revision']);
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () => {
        const target = { namespace: serverNamespace(values), name };
        const body = toRevision === undefined ? {} : { toRevision };
        const done = await rolloutAction(server, target, 'undo', body);
        io.out(`rollout "${name}" is ${done}`);
        return 0;
      });
    }
    const ctx = await rolloutContext(values);
    const rollout = await getRollout(ctx, name);
    refuseWorkloadRef(rollout);
    const target = chooseUndoTarget(
      name,
      await rolloutReplicaSets(ctx, rollout),
      rollout.status?.currentPodHash,
      toRevision,
    );
    const { template, reusesReplicaSet } = restoredTemplate(target);
    await jsonPatchRollout(ctx, name, undoPatch(template));
    io.out(
      `rollout "${name}" is rolling back to revision ${revisionOf(target)} (ReplicaSet ${target.metadata.name})`,
    );
    if (!reusesReplicaSet) {
      io.err(
        `note: the restored template does not hash to ReplicaSet ${target.metadata.name}'s; the controller rolls it out as a new revision`,
      );
    }
    const note = gitOpsNote(rollout, 'spec.template');
    if (note) io.err(note);
    return 0;
  },
};

/** `--to-revision`: absent, or a whole number from 1. Pure. */
export function parseRevision(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!/^[1-9]\d*$/.test(text)) {
    throw new InputError(`--to-revision: "${text}" is not a revision number`, {
      hint: 'revisions are whole numbers from 1, e.g. --to-revision 2; `slipway rollout get NAME` shows them',
    });
  }
  return Number(text);
}
