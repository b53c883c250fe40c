import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { kubectl, useNamespace } from './support/cluster.js';
import { cli } from './support/cli.js';
import { pauseImage } from './support/gitops.js';
import {
  isHealthy,
  onKwok,
  pausedAt,
  useRolloutController,
  waitRollout,
} from './support/rollouts.js';

// `slipway rollout …` against the real API server: every action is a change any client could
// make, and the controller carries it out.

const rollout = stringify({
  apiVersion: 'slipway.dev/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'cli' },
  spec: {
    replicas: 4,
    selector: { matchLabels: { app: 'cli' } },
    strategy: {
      canary: { steps: [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: {} }] },
    },
    template: {
      metadata: { labels: { app: 'cli' } },
      spec: { ...onKwok, containers: [{ name: 'main', image: pauseImage }] },
    },
  },
});

describe('slipway rollout', () => {
  const ns = useNamespace('rollout-cli');
  useRolloutController(() => [ns.name]);

  it('set image, get, promote, abort, retry, promote --full, undo, restart, list', async () => {
    await kubectl(['-n', ns.name, 'apply', '-f', '-'], rollout);
    const first = await waitRollout(ns.name, 'cli', 'Healthy', isHealthy);

    const set = await cli(
      'rollout',
      'set',
      'image',
      'cli',
      'main=127.0.0.1:5000/pause:v2',
      '-n',
      ns.name,
    );
    expect(set.code).toBe(0);
    await waitRollout(ns.name, 'cli', 'paused at 25%', pausedAt(1));
    const get = await cli('rollout', 'get', 'cli', '-n', ns.name);
    expect(get.code).toBe(0);
    expect(get.out).toMatch(/Paused/);
    expect(get.out).toMatch(/Step:\s+1\/4/);
    expect(get.out).toMatch(/setWeight: 25/);

    expect((await cli('rollout', 'promote', 'cli', '-n', ns.name)).code).toBe(0);
    await waitRollout(ns.name, 'cli', 'paused at 50%', pausedAt(3));

    expect((await cli('rollout', 'abort', 'cli', '-n', ns.name)).code).toBe(0);
    await waitRollout(
      ns.name,
      'cli',
      'aborted',
      (r) => r.status?.phase === 'Degraded' && r.status.abort === true,
    );
    const refused = await cli('rollout', 'promote', 'cli', '-n', ns.name);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toMatch(/aborted.*rollout retry cli/s);

    expect((await cli('rollout', 'retry', 'cli', '-n', ns.name)).code).toBe(0);
    await waitRollout(ns.name, 'cli', 'paused at 25% again', pausedAt(1));
    expect((await cli('rollout', 'promote', 'cli', '--full', '-n', ns.name)).code).toBe(0);
    const second = await waitRollout(ns.name, 'cli', 'Healthy on v2', isHealthy);
    expect(second.status?.stableRS).not.toBe(first.status?.stableRS);

    expect((await cli('rollout', 'undo', 'cli', '-n', ns.name)).code).toBe(0);
    await waitRollout(
      ns.name,
      'cli',
      'undo paused at 25% on v1',
      (r) => pausedAt(1)(r) && r.status?.currentPodHash === first.status?.stableRS,
    );
    expect((await cli('rollout', 'promote', 'cli', '--full', '-n', ns.name)).code).toBe(0);
    await waitRollout(
      ns.name,
      'cli',
      'Healthy on v1',
      (r) => isHealthy(r) && r.status?.stableRS === first.status?.stableRS,
    );

    expect((await cli('rollout', 'restart', 'cli', '-n', ns.name)).code).toBe(0);
    await waitRollout(
      ns.name,
      'cli',
      'restarted',
      (r) => r.status?.restartedAt !== undefined && isHealthy(r),
      60_000,
    );

    const list = await cli('rollout', 'list', '-n', ns.name);
    expect(list.out).toMatch(/^NAME\s+DESIRED/m);
    expect(list.out).toMatch(/^cli\s+4\s+/m);
  });

  it('names an unknown rollout and a missing container', async () => {
    const missing = await cli('rollout', 'get', 'nope', '-n', ns.name);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/rollout "nope" not found in namespace/);
    const container = await cli('rollout', 'set', 'image', 'cli', 'sidecar=x:1', '-n', ns.name);
    expect(container.code).not.toBe(0);
    expect(container.err).toMatch(/sidecar/);
  });
});
