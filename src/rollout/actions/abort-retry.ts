import { InputError } from '../../errors/index.js';
import { fullyPromoted, type RolloutPatches, type RolloutView } from './rollout-view.js';

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
