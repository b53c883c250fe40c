// The Rollouts the benchmark drives: N of them in one namespace, pods on the kwok nodes, a
// canary of five steps with 1 s pauses; created at once, then all their templates changed at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { slipwayApiVersion, type ObjectClient } from '../../src/kube/index.js';

/** The local registry's pause image; kwok nodes never pull it, so any image would do. */
const image = '127.0.0.1:5000/pause:3.10-slipway.1';

/** Five steps: three weights and two timed pauses between them. */
export const canarySteps = [
  { setWeight: 20 },
  { pause: { duration: '1s' } },
  { setWeight: 40 },
  { pause: { duration: '1s' } },
  { setWeight: 60 },
] as const;

/** Pods on the kwok nodes, which report them Ready at once without running anything. */
const onKwok = {
  nodeSelector: { type: 'kwok' },
  tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
};

export const rolloutName = (i: number): string => `ro-${String(i).padStart(4, '0')}`;

const containers = (version: string) => [
  { name: 'main', image, env: [{ name: 'VERSION', value: version }] },
];

function rolloutOf(name: string, namespace: string, replicas: number) {
  return {
    apiVersion: slipwayApiVersion,
    kind: 'Rollout',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy: { canary: { steps: canarySteps } },
      template: {
        metadata: { labels: { app: name } },
        spec: { ...onKwok, containers: containers('v1') },
      },
    },
  };
}

/** Runs `work` over `items`, `batch` at a time. */
async function inBatches<T>(
  items: readonly T[],
  batch: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += batch) {
    await Promise.all(items.slice(i, i + batch).map(work));
  }
}

export async function createRollouts(
  client: ObjectClient,
  namespace: string,
  names: readonly string[],
  replicas: number,
): Promise<void> {
  await inBatches(names, 50, (name) => client.apply(rolloutOf(name, namespace, replicas)));
}

/** A new pod template for every Rollout (a new VERSION), which starts each one's canary. */
export async function changeTemplates(
  client: ObjectClient,
  namespace: string,
  names: readonly string[],
  version: string,
): Promise<void> {
  await inBatches(names, 50, (name) =>
    client.mergePatch(
      { apiVersion: slipwayApiVersion, kind: 'Rollout', namespace, name },
      { spec: { template: { spec: { containers: containers(version) } } } },
    ),
  );
}

export async function createNamespace(client: ObjectClient, namespace: string): Promise<void> {
  await client.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels: { 'app.kubernetes.io/part-of': 'slipway-bench' } },
  });
}

/** Deletes the namespace (its Rollouts, ReplicaSets and pods go with it) and waits until gone. */
export async function removeNamespace(client: ObjectClient, namespace: string): Promise<void> {
  const ns = { apiVersion: 'v1', kind: 'Namespace', name: namespace };
  const live = await client.get(ns);
  if (live === undefined) return;
  if (live.metadata.deletionTimestamp === undefined)
    await client.rest.send({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}` });
  const deadline = Date.now() + 10 * 60_000;
  while ((await client.get(ns)) !== undefined) {
    if (Date.now() > deadline) throw new Error(`namespace ${namespace} still there after 10 min`);
    await sleep(1000);
  }
}
