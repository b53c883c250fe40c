import { describe, expect, it } from 'vitest';
import { InputError } from '../../errors/index.js';
import type { RolloutStatus } from '../canary/rollout-status.js';
import { promoteAction } from './promote.js';
import type { RolloutView } from './rollout-view.js';

const pauseStep = { reason: 'CanaryPauseStep', startTime: '2024-01-01T00:00:00Z' } as const;

function rollout(status: RolloutStatus, paused = false): RolloutView {
  return {
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'demo', namespace: 'shop' },
    spec: {
      paused,
      strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }] } },
    },
    status,
  };
}

const canary = { stableRS: 'aaa', currentPodHash: 'bbb' };
const done = { stableRS: 'bbb', currentPodHash: 'bbb', currentStepIndex: 3 };

describe('promoteAction', () => {
  it.each<[string, RolloutView, boolean, object]>([
    [
      'a pause step: clears the pause conditions',
      rollout({ ...canary, currentStepIndex: 1, pauseConditions: [pauseStep] }),
      false,
      { status: { pauseConditions: null } },
    ],
    [
      'a manual pause: resumes the spec',
      rollout({ ...canary, currentStepIndex: 0 }, true),
      false,
      { spec: { paused: false } },
    ],
    [
      'a manual pause during a pause step: both',
      rollout({ ...canary, currentStepIndex: 1, pauseConditions: [pauseStep] }, true),
      false,
      { spec: { paused: false }, status: { pauseConditions: null } },
    ],
    [
      'a step in progress without a pause: skips it',
      rollout({ ...canary, currentStepIndex: 2 }),
      false,
      { status: { currentStepIndex: 3 } },
    ],
    [
      '--full: promoteFull',
      rollout({ ...canary, currentStepIndex: 1, pauseConditions: [pauseStep] }),
      true,
      { status: { promoteFull: true } },
    ],
    [
      '--full on a paused rollout: also resumes',
      rollout({ ...canary, currentStepIndex: 0 }, true),
      true,
      { spec: { paused: false }, status: { promoteFull: true } },
    ],
    [
      'a promoted but paused rollout: only resumes',
      rollout(done, true),
      false,
      { spec: { paused: false } },
    ],
  ])('%s', (_what, subject, full, patches) => {
    const action = promoteAction(subject, full);
    expect({ spec: action.spec, status: action.status }).toEqual({
      spec: undefined,
      status: undefined,
      ...patches,
    });
    expect(action.done.length).toBeGreaterThan(0);
  });

  it('says which step it ended', () => {
    const action = promoteAction(
      rollout({ ...canary, currentStepIndex: 1, pauseConditions: [pauseStep] }),
      false,
    );
    expect(action.done).toEqual(['ended step 1 (pause: {})']);
  });

  it.each<[string, RolloutView, boolean, string, string]>([
    ['fully promoted', rollout(done), false, 'already fully promoted', 'slipway rollout get demo'],
    ['fully promoted, --full', rollout(done), true, 'already fully promoted', 'rollout get'],
    [
      'aborted',
      rollout({ ...canary, abort: true }),
      false,
      'rollout "demo" is aborted',
      '`slipway rollout retry demo`',
    ],
    ['not yet seen', rollout({}), false, 'has no status yet', 'slipway controller'],
  ])('refuses a rollout that is %s', (_what, subject, full, message, hint) => {
    const act = (): unknown => promoteAction(subject, full);
    expect(act).toThrow(InputError);
    expect(act).toThrow(message);
    try {
      act();
    } catch (error) {
      expect((error as InputError).hint).toContain(hint);
    }
  });
});
