import { describe, expect, it } from 'vitest';
import type { RolloutView } from '../../rollout/index.js';
import type { ApplicationObject } from '../../gitops/index.js';
import { deployEvents, rolloutEvents } from './cluster-observers.js';

const rollout = (status: RolloutView['status']): RolloutView => ({
  apiVersion: 'slipway.dev/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'web', namespace: 'shop' },
  status,
});
const now = '2025-03-30T12:00:00.000Z';

describe('deployEvents', () => {
  it('counts a history entry only when it changed the revision', () => {
    const app: ApplicationObject = {
      apiVersion: 'slipway.dev/v1alpha1',
      kind: 'Application',
      metadata: { name: 'web', namespace: 'shop' },
      status: {
        history: [
          { id: 1, revision: 'a', deployedAt: '2025-03-01T00:00:00Z', source: {} },
          { id: 2, revision: 'a', deployedAt: '2025-03-02T00:00:00Z', source: {} },
          { id: 3, revision: 'b', deployedAt: '2025-03-03T00:00:00Z', source: {} },
        ],
      },
    };
    expect(deployEvents(app).map((e) => [e.ref, e.revision])).toEqual([
      ['1', 'a'],
      ['3', 'b'],
    ]);
  });
});

describe('rolloutEvents', () => {
  const stable = rollout({ phase: 'Healthy', stableRS: 'h1', currentPodHash: 'h1' });
  const canary = rollout({ phase: 'Paused', stableRS: 'h1', currentPodHash: 'h2' });
  const aborted = rollout({
    phase: 'Degraded',
    stableRS: 'h1',
    currentPodHash: 'h2',
    abort: true,
    abortedAt: now,
  });

  it.each([
    ['an update starting', stable, canary, ['rollout-start']],
    ['an update going on', canary, canary, []],
    ['an abort', canary, aborted, ['rollout-abort']],
    ['healthy again', aborted, stable, ['rollout-healthy']],
    ['first sight of a healthy rollout', undefined, stable, []],
  ])('%s', (_what, previous, object, kinds) => {
    expect(rolloutEvents({ type: 'MODIFIED', object, previous }, now).map((e) => e.kind)).toEqual(
      kinds,
    );
  });
});
