import { InputError } from '../../errors/index.js';
import {
  fullyPromoted,
  stepsOf,
  stepText,
  type RolloutPatches,
  type RolloutView,
} from './rollout-view.js';

function refuseUnlessPromotable(rollout: RolloutView): void {
  const name = rollout.metadata.name;
  if (rollout.status?.abort === true) {
    throw new InputError(`rollout "${name}" is aborted; promote cannot move it on`, {
      hint: `use \`slipway rollout retry ${name}\` to start the update again`,
    });
  }
  if (rollout.status?.currentPodHash === undefined) {
    throw new InputError(`rollout "${name}" has no status yet; the controller has not seen it`, {
      hint: 'check that `slipway controller` is running, then try again',
    });
  }
}

function refuseDone(name: string): never {
  throw new InputError(`rollout "${name}" is already fully promoted; nothing to promote`, {
    hint: `see its state with \`slipway rollout get ${name}\``,
  });
}

/**
 * What `promote` patches, as `kubectl argo rollouts promote` does: resume a manual pause, end a
 * pause step (clearing the pause conditions completes it), or else skip the step in progress.
 * Pure; throws InputError when there is nothing to promote.
 */
export function promoteAction(rollout: RolloutView, full: boolean): RolloutPatches {
  refuseUnlessPromotable(rollout);
  const name = rollout.metadata.name;
  const paused = rollout.spec?.paused === true;
  const unpause = paused ? { spec: { paused: false } } : {};
  const resumed = paused ? ['resumed (spec.paused: false)'] : [];
  if (fullyPromoted(rollout)) {
    if (!paused) refuseDone(name);
    return { ...unpause, done: resumed };
  }
  if (full) {
    return {
      ...unpause,
      status: { promoteFull: true },
      done: [...resumed, 'skipping every remaining step and analysis (promoteFull)'],
    };
  }
  const steps = stepsOf(rollout);
  const index = rollout.status?.currentStepIndex ?? 0;
  const step = steps[index];
  const where = step ? `step ${index} (${stepText(step)})` : `step ${index}`;
  if ((rollout.status?.pauseConditions?.length ?? 0) > 0) {
    return { ...unpause, status: { pauseConditions: null }, done: [...resumed, `ended ${where}`] };
  }
  if (paused) return { ...unpause, done: resumed };
  if (index < steps.length) {
    return { status: { currentStepIndex: index + 1 }, done: [`skipped ${where}`] };
  }
  return refuseDone(name);
}
