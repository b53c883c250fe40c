import { describe, expect, it } from 'vitest';
import {
  applicationRow,
  normalizeDeliveryMetrics,
  normalizeRolloutSnapshot,
  pageOf,
  rolloutRow,
  watchedObject,
} from './normalize';

describe('pageOf', () => {
  it('reads a list answer', () => {
    expect(pageOf({ items: [1, 2], total: 9, nextCursor: 'c2' })).toEqual({
      items: [1, 2],
      total: 9,
      nextCursor: 'c2',
    });
  });

  it('reads `{items}` without total or cursor (as /api/audit answers)', () => {
    expect(pageOf({ items: [1] })).toEqual({ items: [1], total: null, nextCursor: null });
  });
});

describe('normalizeRolloutSnapshot', () => {
  const rollout = { metadata: { name: 'web', namespace: 'shop' } };
  it('reads a Rollout carrying its ReplicaSets, pods and AnalysisRuns (the server’s answer)', () => {
    const snapshot = normalizeRolloutSnapshot({
      ...rollout,
      replicaSets: [{ metadata: { name: 'rs' } }],
      pods: [],
      analysisRuns: [],
    });
    expect(snapshot.rollout.metadata.name).toBe('web');
    expect(snapshot.replicaSets).toHaveLength(1);
  });

  it('reads `{rollout, replicaSets, …}` the same way', () => {
    expect(normalizeRolloutSnapshot({ rollout, replicaSets: [] }).rollout.metadata.namespace).toBe(
      'shop',
    );
  });
});

describe('watchedObject', () => {
  it('unwraps `{type, object}` events and leaves bare objects alone', () => {
    const object = { metadata: { name: 'web' } };
    expect(watchedObject({ type: 'MODIFIED', object })).toBe(object);
    expect(watchedObject(object)).toBe(object);
  });
});

describe('applicationRow', () => {
  it('passes the server’s summary through', () => {
    const row = { namespace: 'shop', name: 'web', sync: 'Synced', health: 'Healthy' };
    expect(applicationRow(row)).toBe(row);
  });

  it('reads a whole Application object into a row', () => {
    const row = applicationRow({
      metadata: { name: 'web', namespace: 'shop' },
      spec: { project: 'team' },
      status: { sync: { status: 'OutOfSync', revision: 'abc' }, health: { status: 'Degraded' } },
    });
    expect(row).toMatchObject({
      name: 'web',
      project: 'team',
      sync: 'OutOfSync',
      health: 'Degraded',
      revision: 'abc',
    });
  });
});

describe('rolloutRow', () => {
  it('reads a whole Rollout into a row', () => {
    const row = rolloutRow({
      metadata: { name: 'web', namespace: 'shop' },
      spec: { strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } } },
      status: {
        phase: 'Paused',
        currentStepIndex: 1,
        canary: { weights: { canary: { weight: 20 } } },
      },
    });
    expect(row).toMatchObject({
      name: 'web',
      phase: 'Paused',
      step: 1,
      steps: 2,
      canaryWeight: 20,
    });
  });
});

describe('normalizeDeliveryMetrics', () => {
  it('reads the server’s counts and medians', () => {
    const metrics = normalizeDeliveryMetrics(
      {
        days: 30,
        deploymentFrequency: { deployments: 12, perDay: 0.4 },
        leadTimeForChanges: { samples: 5, medianSeconds: 3600 },
        changeFailureRate: { started: 10, aborted: 2, rate: 0.2 },
        timeToRestore: { samples: 0, medianSeconds: null },
      },
      30,
    );
    expect(metrics.deploymentFrequency).toEqual({
      value: 0.4,
      unit: 'perDay',
      detail: '12 deployments',
      series: [],
    });
    expect(metrics.leadTimeForChanges.value).toBe(3600);
    expect(metrics.changeFailureRate.detail).toBe('2 of 10 rollouts aborted');
    expect(metrics.timeToRestore).toMatchObject({ value: null, detail: 'median of 0 restores' });
  });

  it('reads a daily series when there is one', () => {
    const metrics = normalizeDeliveryMetrics(
      { deploymentFrequency: { value: 1, series: [{ date: '2026-01-01', value: 1 }, 'junk'] } },
      7,
    );
    expect(metrics.days).toBe(7);
    expect(metrics.deploymentFrequency.series).toEqual([{ date: '2026-01-01', value: 1 }]);
    expect(metrics.changeFailureRate.value).toBeNull();
  });
});
