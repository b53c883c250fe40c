import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { useNamespace } from './support/cluster.js';
import { GitFixture } from './support/git-fixture.js';
import { createApp, pauseImage, refresh, useController, waitApp } from './support/gitops.js';
import {
  isHealthy,
  onKwok,
  patchStatus,
  pausedAt,
  useRolloutController,
  waitRollout,
} from './support/rollouts.js';

// The GitOps engine and the Rollout controller together: a Rollout whose template comes from a
// Deployment (workloadRef), aborted, then fixed in Git. The next sync must apply and start a
// fresh canary — argo-rollouts#3578 is the failure to avoid (sync failing after an abort).

function manifests(version: string): Record<string, string> {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          ...onKwok,
          containers: [{ name: 'main', image: pauseImage, env: [{ name: 'V', value: version }] }],
        },
      },
    },
  };
  const rollout = {
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web' },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: 'web' } },
      workloadRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      strategy: { canary: { steps: [{ setWeight: 25 }, { pause: {} }] } },
    },
  };
  return { 'app/deployment.yaml': stringify(deployment), 'app/rollout.yaml': stringify(rollout) };
}

describe('a Rollout delivered by GitOps', () => {
  const ns = useNamespace('rollout-gitops');
  useController(() => [ns.name]);
  useRolloutController(() => [ns.name]);
  let repo: GitFixture;
  afterAll(() => repo.remove());

  it('after an abort, a fixed image committed to Git syncs and starts a fresh rollout', async () => {
    repo = await GitFixture.create(manifests('v1'));
    await createApp(ns.name, 'web', {
      repoURL: repo.url,
      path: 'app',
      namespace: ns.name,
      automated: { prune: true, selfHeal: true },
    });
    await waitApp(
      ns.name,
      'web',
      'Synced and Healthy',
      (a) => a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy',
      120_000,
    );
    await waitRollout(ns.name, 'web', 'v1 Healthy', isHealthy);

    await repo.commit('bad image', manifests('v2-bad'));
    await refresh(ns.name, 'web');
    const paused = await waitRollout(ns.name, 'web', 'v2 paused at 25%', pausedAt(1));
    // A canary holding for a person is Suspended, not Progressing (argo-cd#25054).
    await waitApp(
      ns.name,
      'web',
      'Suspended while paused',
      (a) => a.status?.health?.status === 'Suspended',
    );
    await patchStatus(ns.name, 'web', { abort: true });
    await waitRollout(
      ns.name,
      'web',
      'aborted',
      (r) => r.status?.abort === true && r.status.phase === 'Degraded',
    );
    await waitApp(
      ns.name,
      'web',
      'Degraded after the abort',
      (a) => a.status?.health?.status === 'Degraded',
    );

    const fixed = await repo.commit('fixed image', manifests('v3-fixed'));
    await refresh(ns.name, 'web');
    await waitApp(
      ns.name,
      'web',
      'synced to the fix',
      (a) => a.status?.sync?.status === 'Synced' && a.status.sync.revision === fixed,
    );
    const fresh = await waitRollout(
      ns.name,
      'web',
      'a fresh canary of the fix',
      (r) => pausedAt(1)(r) && r.status?.currentPodHash !== paused.status?.currentPodHash,
    );
    expect(fresh.status?.abort).toBe(false);
    await patchStatus(ns.name, 'web', { pauseConditions: null });
    await waitRollout(ns.name, 'web', 'the fix Healthy', isHealthy);
    await waitApp(
      ns.name,
      'web',
      'Synced and Healthy again',
      (a) => a.status?.sync?.status === 'Synced' && a.status.health?.status === 'Healthy',
    );
  });
});
