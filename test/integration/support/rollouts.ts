import { request } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { stringify } from 'yaml';
import { installSlipway } from '../../../src/gitops/index.js';
import { KubeRest, ObjectClient } from '../../../src/kube/index.js';
import { RolloutController } from '../../../src/rollout/index.js';
import type { RolloutStatus } from '../../../src/rollout/index.js';
import { kubectl, waitFor } from './cluster.js';
import { pauseImage } from './gitops.js';

export type RolloutObject = {
  metadata: { name: string; generation: number };
  spec: Record<string, unknown>;
  status?: RolloutStatus;
};

/** An in-process Rollout controller for the calling test file, watching only its namespaces. */
export function useRolloutController(namespaces: () => string[]): {
  restart: () => void;
  stop: () => void;
} {
  let controller: RolloutController | undefined;
  const start = (): void => {
    controller = new RolloutController(new ObjectClient(KubeRest.fromConnection()), {
      namespaces: namespaces(),
      concurrency: 8,
      log: pino({ level: process.env['SLIPWAY_TEST_LOG'] ?? 'silent' }),
    });
    controller.start();
  };
  beforeAll(async () => {
    await installSlipway(new ObjectClient(KubeRest.fromConnection()));
    start();
  });
  afterAll(() => controller?.stop());
  return {
    restart: () => {
      controller?.stop();
      start();
    },
    stop: () => controller?.stop(),
  };
}

export async function getRollout(namespace: string, name: string): Promise<RolloutObject> {
  return JSON.parse(
    await kubectl(['-n', namespace, 'get', 'rollouts.slipway.dev', name, '-o', 'json']),
  ) as RolloutObject;
}

/** Waits until the rollout satisfies `check`; the error shows the last status seen. */
export async function waitRollout(
  namespace: string,
  name: string,
  what: string,
  check: (r: RolloutObject) => boolean,
  timeoutMs = 120_000,
): Promise<RolloutObject> {
  let last: RolloutObject | undefined;
  try {
    return await waitFor(what, timeoutMs, async () => {
      last = await getRollout(namespace, name);
      return check(last) ? last : undefined;
    });
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\nlast status: ${JSON.stringify(last?.status ?? {}, null, 1).slice(0, 4000)}`,
    );
  }
}

export const isHealthy = (r: RolloutObject): boolean =>
  r.status?.phase === 'Healthy' &&
  r.status.observedGeneration === String(r.metadata.generation) &&
  r.status.stableRS === r.status.currentPodHash;

export const pausedAt =
  (step: number) =>
  (r: RolloutObject): boolean =>
    r.status?.phase === 'Paused' &&
    r.status.currentStepIndex === step &&
    r.status.observedGeneration === String(r.metadata.generation);

/** Replica counts of the rollout's ReplicaSets by pod-template hash (spec.replicas). */
export async function replicaCounts(namespace: string): Promise<Record<string, number>> {
  const list = JSON.parse(
    await kubectl([
      '-n',
      namespace,
      'get',
      'replicasets',
      '-l',
      'rollouts-pod-template-hash',
      '-o',
      'json',
    ]),
  ) as { items: { metadata: { labels: Record<string, string> }; spec: { replicas: number } }[] };
  return Object.fromEntries(
    list.items.map((rs) => [
      rs.metadata.labels['rollouts-pod-template-hash'] ?? '',
      rs.spec.replicas,
    ]),
  );
}

/** A status change any client could make (what `slipway rollout promote/abort` sends). */
export async function patchStatus(namespace: string, name: string, patch: unknown): Promise<void> {
  await kubectl([
    '-n',
    namespace,
    'patch',
    'rollouts.slipway.dev',
    name,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status: patch }),
  ]);
}

export async function patchSpec(namespace: string, name: string, patch: unknown): Promise<void> {
  await kubectl([
    '-n',
    namespace,
    'patch',
    'rollouts.slipway.dev',
    name,
    '--type=merge',
    '-p',
    JSON.stringify({ spec: patch }),
  ]);
}

/** Pods placed on the kwok nodes, which take them Ready in a moment without running anything. */
export const onKwok = {
  nodeSelector: { type: 'kwok' },
  tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
};

export function serviceYaml(
  name: string,
  selector: Record<string, string>,
  type = 'ClusterIP',
): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { type, selector, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
  });
}

/** One GET with a fresh connection each time, so kube-proxy picks a backend per request. */
export function getOnce(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent: false, headers: { connection: 'close' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      res.on('error', reject);
    });
    req.setTimeout(5000, () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** A Rollout of 5 pause-image pods on kwok with steps [setWeight 20, pause {}], Healthy. */
export async function deployKwokCanary(namespace: string, name: string): Promise<void> {
  await kubectl(
    ['-n', namespace, 'apply', '-f', '-'],
    stringify({
      apiVersion: 'slipway.dev/v1alpha1',
      kind: 'Rollout',
      metadata: { name },
      spec: {
        replicas: 5,
        selector: { matchLabels: { app: name } },
        strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
        template: {
          metadata: { labels: { app: name } },
          spec: { ...onKwok, containers: [{ name: 'main', image: pauseImage }] },
        },
      },
    }),
  );
  await waitRollout(namespace, name, 'Healthy', isHealthy);
}

/** Gives a deployed canary a new image; waits until it holds at 20% for a person. */
export async function startCanary(namespace: string, name: string): Promise<void> {
  await kubectl([
    '-n',
    namespace,
    'patch',
    'rollouts.slipway.dev',
    name,
    '--type=json',
    '-p',
    JSON.stringify([
      {
        op: 'replace',
        path: '/spec/template/spec/containers/0/image',
        value: '127.0.0.1:5000/pause:v2',
      },
    ]),
  ]);
  await waitRollout(namespace, name, 'paused at 20%', pausedAt(1));
}
