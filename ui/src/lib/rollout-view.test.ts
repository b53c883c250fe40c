import { describe, expect, it } from 'vitest';
import type { Pod, ReplicaSet, Rollout } from '../api/types';
import {
  replicaSetViews,
  rolloutActions,
  stepStates,
  stepText,
  weightAtStep,
} from './rollout-view';

describe('stepStates', () => {
  it('marks steps before the current one done, the current one current, the rest pending', () => {
    expect(stepStates(4, 2)).toEqual(['done', 'done', 'current', 'pending']);
  });

  it('starts at step 0 when the status has no index yet', () => {
    expect(stepStates(2, undefined)).toEqual(['current', 'pending']);
  });

  it('marks every step done once the index passes the last step', () => {
    expect(stepStates(3, 3)).toEqual(['done', 'done', 'done']);
  });

  it('marks the current step aborted on an aborted rollout', () => {
    expect(stepStates(3, 1, true)).toEqual(['done', 'aborted', 'pending']);
  });
});

describe('stepText', () => {
  it.each([
    [{ setWeight: 20 }, 'setWeight: 20'],
    [{ pause: {} }, 'pause: {}'],
    [{ pause: { duration: 30 } }, 'pause: 30s'],
    [{ pause: { duration: '5m' } }, 'pause: 5m'],
    [{ analysis: { templates: [{ templateName: 'a' }, { templateName: 'b' }] } }, 'analysis: a, b'],
    [{}, '(empty step)'],
  ])('%j reads %s', (step, text) => {
    expect(stepText(step)).toBe(text);
  });
});

describe('weightAtStep', () => {
  const steps = [{ setWeight: 20 }, { pause: {} }, { setWeight: 50 }, { pause: {} }];
  it.each([
    [0, 20],
    [1, 20],
    [3, 50],
    [4, 100],
  ])('at step %i the set weight is %i', (index, weight) => {
    expect(weightAtStep(steps, index)).toBe(weight);
  });
  it('is 0 before any setWeight', () => {
    expect(weightAtStep([{ pause: {} }, { setWeight: 10 }], 0)).toBe(0);
  });
});

const rs = (hash: string, replicas: number): ReplicaSet => ({
  metadata: { name: `web-${hash}`, labels: { 'rollouts-pod-template-hash': hash } },
  spec: { replicas },
});
const pod = (name: string, hash: string): Pod => ({
  metadata: { name, labels: { 'rollouts-pod-template-hash': hash } },
});
const rollout = (status: Rollout['status']): Rollout => ({
  metadata: { name: 'web' },
  spec: { strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } } },
  status,
});

describe('replicaSetViews', () => {
  it('lists canary then stable with their own pods, and hides old empty ReplicaSets', () => {
    const views = replicaSetViews({
      rollout: rollout({ stableRS: 'aaa', currentPodHash: 'bbb' }),
      replicaSets: [rs('aaa', 4), rs('old', 0), rs('bbb', 1)],
      pods: [pod('web-aaa-1', 'aaa'), pod('web-bbb-1', 'bbb'), pod('web-aaa-2', 'aaa')],
      analysisRuns: [],
    });
    expect(views.map((v) => [v.role, v.pods.map((p) => p.metadata.name)])).toEqual([
      ['canary', ['web-bbb-1']],
      ['stable', ['web-aaa-1', 'web-aaa-2']],
    ]);
  });
});

describe('rolloutActions', () => {
  it('allows promote and abort during a canary', () => {
    expect(
      rolloutActions(rollout({ stableRS: 'a', currentPodHash: 'b', currentStepIndex: 1 })),
    ).toEqual({ promote: true, abort: true, retry: false });
  });

  it('allows only retry once aborted', () => {
    expect(rolloutActions(rollout({ stableRS: 'a', currentPodHash: 'b', abort: true }))).toEqual({
      promote: false,
      abort: false,
      retry: true,
    });
  });

  it('allows nothing on a finished, healthy rollout', () => {
    expect(
      rolloutActions(rollout({ stableRS: 'a', currentPodHash: 'a', currentStepIndex: 2 })),
    ).toEqual({ promote: false, abort: false, retry: false });
  });
});
