import { InputError } from '../../../errors/index.js';
import { readRollout, type RolloutView } from '../../../rollout/actions/index.js';
import { appContext, type AppContext } from '../app/app-context.js';

// What the rollout commands share: argv, the kube client and namespace, and the CLI's words.
// The actions themselves (promote, abort, undo, …) are in src/rollout/actions.

export { namespaceOptions, table } from '../app/app-context.js';

export type RolloutContext = AppContext;

/** The kube client and the namespace, from -n or the kubeconfig context (as kubectl does). */
export const rolloutContext = (values: Record<string, unknown>): Promise<RolloutContext> =>
  appContext(values);

export function rolloutName(positionals: readonly string[], usage: string): string {
  const name = positionals[0];
  if (name === undefined || name === '') {
    throw new InputError('which rollout? the NAME argument is missing', {
      hint: `usage: ${usage}`,
    });
  }
  return name;
}

export async function getRollout(ctx: RolloutContext, name: string): Promise<RolloutView> {
  const rollout = await readRollout(ctx, name);
  if (rollout === undefined) {
    throw new InputError(`rollout "${name}" not found in namespace "${ctx.namespace}"`, {
      hint: 'list them with `slipway rollout list -A`, or pass -n NAMESPACE',
    });
  }
  return rollout;
}

/** Applications reconcile from Git: a manual spec change on a tracked Rollout is not lasting. */
export function gitOpsNote(rollout: RolloutView, what: string): string | undefined {
  const id = rollout.metadata.annotations?.['slipway.dev/tracking-id'];
  if (id === undefined) return undefined;
  return (
    `note: Application ${id} manages this Rollout; its next sync (or self-heal) puts ${what} ` +
    'back to what Git says — commit the change to Git to keep it'
  );
}
