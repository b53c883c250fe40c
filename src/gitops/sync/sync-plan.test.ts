import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../kube/index.js';
import { appSyncOptions, planSync, type ResourceState } from './sync-plan.js';

function state(
  kind: string,
  name: string,
  opts: Partial<ResourceState> & { annotations?: Record<string, string> } = {},
): ResourceState {
  const object: KubeObject = {
    apiVersion: 'v1',
    kind,
    metadata: { name, ...(opts.annotations ? { annotations: opts.annotations } : {}) },
  };
  return {
    key: `/${kind}//${name}`,
    ref: { apiVersion: 'v1', kind, name },
    desired: 'desired' in opts ? opts.desired : object,
    live: 'live' in opts ? opts.live : object,
    status: opts.status ?? 'OutOfSync',
    requiresPruning: opts.requiresPruning ?? false,
  };
}

const all = { prune: true, applyOutOfSyncOnly: false, pruneLast: false };

describe('planSync', () => {
  it('orders waves numerically and kinds within a wave by dependency', () => {
    const plan = planSync(
      [
        state('Deployment', 'web'),
        state('Job', 'migrate', { annotations: { 'argocd.argoproj.io/sync-wave': '-1' } }),
        state('ServiceAccount', 'web'),
        state('ConfigMap', 'late', { annotations: { 'slipway.dev/sync-wave': '5' } }),
        state('Namespace', 'prod'),
      ],
      all,
    );
    expect(plan.waves.map((w) => [w.wave, w.apply.map((r) => r.ref.kind)])).toEqual([
      [-1, ['Job']],
      [0, ['Namespace', 'ServiceAccount', 'Deployment']],
      [5, ['ConfigMap']],
    ]);
  });

  it('applies only out-of-sync resources with ApplyOutOfSyncOnly', () => {
    const plan = planSync(
      [state('ConfigMap', 'a', { status: 'Synced' }), state('ConfigMap', 'b')],
      {
        ...all,
        applyOutOfSyncOnly: true,
      },
    );
    expect(plan.waves.flatMap((w) => w.apply.map((r) => r.ref.name))).toEqual(['b']);
  });

  it('prunes what is no longer rendered, but not with prune off or Prune=false', () => {
    const gone = state('ConfigMap', 'gone', { desired: undefined, requiresPruning: true });
    const kept = state('ConfigMap', 'kept', {
      desired: undefined,
      requiresPruning: true,
      annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' },
    });
    const plan = planSync([gone, kept], all);
    expect(plan.prune.map((r) => r.ref.name)).toEqual(['gone']);
    expect(plan.prunePending.map((r) => r.ref.name)).toEqual(['kept']);
    expect(planSync([gone], { ...all, prune: false }).prune).toEqual([]);
  });
});

describe('appSyncOptions', () => {
  it('reads the options Argo CD users write', () => {
    expect(appSyncOptions(['CreateNamespace=true', 'PruneLast=true'])).toEqual({
      createNamespace: true,
      pruneLast: true,
      applyOutOfSyncOnly: false,
    });
  });
});
