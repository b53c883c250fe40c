import { describe, expect, it } from 'vitest';
import type { RolloutStatus } from '../canary/rollout-status.js';
import { abortAction, retryAction } from './abort-retry.js';
import type { RolloutView } from './rollout-view.js';

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

describe('abortAction', () => {
  it('sets status.abort on an update in progress', () => {
    expect(abortAction(rollout({ ...canary, currentStepIndex: 1 })).status).toEqual({
      abort: true,
    });
  });

  it.each([
    ['already aborted', rollout({ ...canary, abort: true }), 'already aborted'],
    ['not updating', rollout(done), 'nothing to abort'],
  ])('refuses a rollout %s', (_what, subject, message) => {
    expect(() => abortAction(subject)).toThrow(message);
  });
});

describe('retryAction', () => {
  it('clears status.abort on an aborted rollout', () => {
    expect(retryAction(rollout({ ...canary, abort: true })).status).toEqual({ abort: false });
  });

  it('refuses a rollout that is not aborted, pointing at rollout get', () => {
    expect(() => retryAction(rollout(canary))).toThrow('rollout "demo" is not aborted');
  });
});
