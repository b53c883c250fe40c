import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { registryAddress } from '../../src/cluster/index.js';
import { buildSmokeImage, imageByDigest } from '../../src/demo/index.js';
import { kubectl, useNamespace, waitFor } from './support/cluster.js';
import {
  getOnce,
  getRollout,
  isHealthy,
  patchSpec,
  patchStatus,
  pausedAt,
  replicaCounts,
  serviceYaml,
  useRolloutController,
  waitRollout,
} from './support/rollouts.js';

// The seed's release: a canary of a real HTTP server on the real node, 20% of requests through
// the Service, a pause until a person promotes, a timed pause, promote --full, abort, undo and a
// restart. The app answers with its pod's name, which carries the ReplicaSet's pod-template hash.

const steps = [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: { duration: '3s' } }];

function rolloutYaml(image: string, version: string): string {
  return stringify({
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web' },
    spec: {
      replicas: 5,
      revisionHistoryLimit: 5,
      selector: { matchLabels: { app: 'web' } },
      strategy: { canary: { canaryService: 'web-canary', stableService: 'web-stable', steps } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [
            {
              name: 'web',
              image,
              env: [{ name: 'VERSION', value: version }],
              ports: [{ name: 'http', containerPort: 8080 }],
              readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 1 },
              resources: { requests: { cpu: '5m', memory: '16Mi' }, limits: { memory: '96Mi' } },
            },
          ],
        },
      },
    },
  });
}

async function setVersion(ns: string, version: string): Promise<void> {
  await kubectl([
    '-n',
    ns,
    'patch',
    'rollouts.slipway.dev',
    'web',
    '--type=json',
    '-p',
    JSON.stringify([
      { op: 'replace', path: '/spec/template/spec/containers/0/env/0/value', value: version },
    ]),
  ]);
}

/** Sends `count` requests, each on a new connection, and counts the answers per pod hash. */
async function answersByHash(url: string, count: number): Promise<Map<string, number>> {
  const byHash = new Map<string, number>();
  for (let i = 0; i < count; i += 1) {
    const body = await getOnce(url);
    const hash = /web-([a-z0-9]+)-[a-z0-9]+\n$/.exec(body)?.[1] ?? `unexpected: ${body}`;
    byHash.set(hash, (byHash.get(hash) ?? 0) + 1);
  }
  return byHash;
}

async function selectorHash(ns: string, service: string): Promise<string> {
  return (
    await kubectl([
      '-n',
      ns,
      'get',
      'service',
      service,
      '-o',
      'jsonpath={.spec.selector.rollouts-pod-template-hash}',
    ])
  ).trim();
}

describe('a canary Rollout on the real node', () => {
  const ns = useNamespace('rollout');
  useRolloutController(() => [ns.name]);
  let url = '';

  it('deploys the first version at full size and Healthy', async () => {
    const image = imageByDigest(await buildSmokeImage(registryAddress, `rollout-${Date.now()}`));
    await kubectl(
      ['-n', ns.name, 'apply', '-f', '-'],
      [
        serviceYaml('web', { app: 'web' }, 'NodePort'),
        serviceYaml('web-stable', { app: 'web' }),
        serviceYaml('web-canary', { app: 'web' }),
        rolloutYaml(image, 'v1'),
      ].join('---\n'),
    );
    const healthy = await waitRollout(ns.name, 'web', 'v1 Healthy', isHealthy, 180_000);
    expect(await replicaCounts(ns.name)).toEqual({ [healthy.status?.stableRS ?? '']: 5 });
    const port = (
      await kubectl([
        '-n',
        ns.name,
        'get',
        'service',
        'web',
        '-o',
        'jsonpath={.spec.ports[0].nodePort}',
      ])
    ).trim();
    url = `http://127.0.0.1:${port}/`;
  });

  it('sends about 20% of requests to the canary and pauses until promoted', async () => {
    const before = await getRollout(ns.name, 'web');
    const stable = before.status?.stableRS ?? '';
    await setVersion(ns.name, 'v2');
    const paused = await waitRollout(
      ns.name,
      'web',
      'paused at 20%',
      (r) => pausedAt(1)(r) && (r.status?.availableReplicas ?? 0) >= 5,
    );
    const canary = paused.status?.currentPodHash ?? '';
    expect(canary).not.toBe(stable);
    expect(await replicaCounts(ns.name)).toEqual({ [stable]: 4, [canary]: 1 });
    expect(paused.status?.pauseConditions?.[0]?.reason).toBe('CanaryPauseStep');
    expect(paused.status?.canary?.weights?.canary.weight).toBe(20);
    expect(await selectorHash(ns.name, 'web-stable')).toBe(stable);
    expect(await selectorHash(ns.name, 'web-canary')).toBe(canary);

    // The canary's endpoint reaches kube-proxy a moment after its pod is Ready.
    await waitFor('a first answer from the canary', 20_000, async () =>
      (await answersByHash(url, 10)).has(canary) ? true : undefined,
    );
    const answers = await answersByHash(url, 300);
    const share = (answers.get(canary) ?? 0) / 300;
    expect([...answers.keys()].sort()).toEqual([stable, canary].sort());
    expect(share).toBeGreaterThan(0.1);
    expect(share).toBeLessThan(0.32);

    // Still paused a while later: nothing moves without a person.
    await new Promise((r) => setTimeout(r, 3000));
    expect(pausedAt(1)(await getRollout(ns.name, 'web'))).toBe(true);
  });

  it('promote goes on to 60%, the timed pause ends by itself, and the canary becomes stable', async () => {
    await patchStatus(ns.name, 'web', { pauseConditions: null });
    const done = await waitRollout(ns.name, 'web', 'v2 Healthy', isHealthy);
    await waitFor('every answer from the new stable pods', 20_000, async () => {
      const answers = await answersByHash(url, 30);
      return answers.size === 1 && answers.has(done.status?.stableRS ?? '') ? true : undefined;
    });
    expect(Object.values(await replicaCounts(ns.name)).sort()).toEqual([0, 5]);
  });

  it('abort sends all traffic back to stable and is Degraded; a fixed version starts afresh', async () => {
    const stable = (await getRollout(ns.name, 'web')).status?.stableRS ?? '';
    await setVersion(ns.name, 'v3-bad');
    const paused = await waitRollout(ns.name, 'web', 'v3 paused at 20%', pausedAt(1));
    const bad = paused.status?.currentPodHash ?? '';
    await patchStatus(ns.name, 'web', { abort: true });
    const aborted = await waitRollout(
      ns.name,
      'web',
      'aborted with the canary scaled away',
      (r) =>
        r.status?.phase === 'Degraded' &&
        r.status.availableReplicas === 5 &&
        r.status.updatedReplicas === 0,
    );
    expect(aborted.status?.message).toMatch(
      /^RolloutAborted: Rollout aborted update to revision \d+/,
    );
    expect(aborted.status?.abort).toBe(true);
    expect((await replicaCounts(ns.name))[bad]).toBe(0);
    // kube-proxy drops the canary's endpoints a moment after its pods go.
    await waitFor('every answer from the stable pods', 20_000, async () => {
      const answers = await answersByHash(url, 30);
      return answers.size === 1 && answers.has(stable) ? true : undefined;
    });

    await setVersion(ns.name, 'v4-fixed');
    const fresh = await waitRollout(ns.name, 'web', 'v4 paused at 20%', pausedAt(1));
    expect(fresh.status?.abort).toBe(false);
    expect(fresh.status?.currentPodHash).not.toBe(bad);

    await patchStatus(ns.name, 'web', { promoteFull: true });
    const full = await waitRollout(ns.name, 'web', 'v4 Healthy after promote --full', isHealthy);
    expect(full.status?.stableRS).toBe(fresh.status?.currentPodHash);
  });

  it('undo brings back an earlier revision, reusing its ReplicaSet', async () => {
    const list = JSON.parse(
      await kubectl([
        '-n',
        ns.name,
        'get',
        'replicasets',
        '-l',
        'rollouts-pod-template-hash',
        '-o',
        'json',
      ]),
    ) as {
      items: {
        metadata: { annotations: Record<string, string>; labels: Record<string, string> };
        spec: { template: { metadata: { labels: Record<string, string> } } };
      }[];
    };
    const v2 = list.items.find((rs) => JSON.stringify(rs.spec.template).includes('"value":"v2"'));
    expect(v2).toBeDefined();
    // The template as the Rollout wrote it, before the API server's defaults: it hashes the same.
    const template = JSON.parse(
      v2?.metadata.annotations['slipway.dev/pod-template'] ?? '{}',
    ) as unknown;
    await kubectl([
      '-n',
      ns.name,
      'patch',
      'rollouts.slipway.dev',
      'web',
      '--type=json',
      '-p',
      JSON.stringify([{ op: 'replace', path: '/spec/template', value: template }]),
    ]);
    const v2Hash = v2?.metadata.labels['rollouts-pod-template-hash'];
    await waitRollout(
      ns.name,
      'web',
      'the undo paused at 20%',
      (r) => pausedAt(1)(r) && r.status?.currentPodHash === v2Hash,
    );
    await patchStatus(ns.name, 'web', { promoteFull: true });
    await waitRollout(
      ns.name,
      'web',
      'v2 Healthy again',
      (r) => isHealthy(r) && r.status?.stableRS === v2Hash,
    );
    const revision = (
      await kubectl([
        '-n',
        ns.name,
        'get',
        'replicaset',
        `web-${v2Hash}`,
        '-o',
        'jsonpath={.metadata.annotations.rollout\\.argoproj\\.io/revision}',
      ])
    ).trim();
    expect(Number(revision)).toBe(5);
  });

  it('restart recreates every pod without losing availability', async () => {
    const restartAt = new Date().toISOString();
    await patchSpec(ns.name, 'web', { restartAt });
    await waitRollout(
      ns.name,
      'web',
      'restarted',
      (r) => r.status?.restartedAt === restartAt && isHealthy(r),
      180_000,
    );
    const pods = JSON.parse(
      await kubectl(['-n', ns.name, 'get', 'pods', '-l', 'app=web', '-o', 'json']),
    ) as { items: { metadata: { creationTimestamp: string; deletionTimestamp?: string } }[] };
    const live = pods.items.filter((p) => p.metadata.deletionTimestamp === undefined);
    expect(live).toHaveLength(5);
    for (const pod of live)
      expect(Date.parse(pod.metadata.creationTimestamp)).toBeGreaterThanOrEqual(
        Date.parse(restartAt) - 1000,
      );
  });
});
