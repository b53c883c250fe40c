import type { KubeObject } from '../../kube/index.js';
import type { ObservedReplicaSet } from '../canary/canary-input.js';
import { podTemplateHashLabel } from '../canary/pod-template-hash.js';
import { selectorString } from '../validation/index.js';
import type { ResolvedRollout } from './resolve-rollout.js';
import type { RolloutDeps } from './rollout-deps.js';

export type RestartResult = { readonly restartedAt?: string; readonly requeueAfterMs?: number };

/**
 * `spec.restartAt`: recreates the Rollout's pods made before that time, one at a time and only
 * while every other pod is available, so a restart never costs availability. Records
 * `status.restartedAt` when no old pod is left.
 */
export async function restartPods(
  deps: RolloutDeps,
  rollout: KubeObject,
  resolved: ResolvedRollout,
  sets: readonly ObservedReplicaSet[],
  restartedAt: string | undefined,
): Promise<RestartResult> {
  const restartAt = resolved.spec.restartAt;
  if (restartAt === undefined || restartAt === restartedAt) return {};
  const due = Date.parse(restartAt) - deps.now().getTime();
  if (due > 0) return { requeueAfterMs: due };
  const ns = rollout.metadata.namespace ?? 'default';
  const list = await deps.client.rest.send<{ items: KubeObject[] }>({
    method: 'GET',
    path: `/api/v1/namespaces/${ns}/pods`,
    query: { labelSelector: selectorString(resolved.selector) },
  });
  const hashes = new Set(sets.map((rs) => rs.hash));
  const old = list.items
    .filter((pod) => hashes.has(pod.metadata.labels?.[podTemplateHashLabel] ?? ''))
    .filter((pod) => pod.metadata.deletionTimestamp === undefined)
    .filter((pod) => Date.parse(String(pod.metadata['creationTimestamp'])) < Date.parse(restartAt))
    .sort((a, b) =>
      String(a.metadata['creationTimestamp']).localeCompare(
        String(b.metadata['creationTimestamp']),
      ),
    );
  if (old.length === 0) return { restartedAt: restartAt };
  const allAvailable = sets.every(
    (rs) => rs.availableReplicas >= rs.replicas && rs.podCount === rs.replicas,
  );
  const first = old[0];
  if (allAvailable && first !== undefined) {
    await deps.client.delete({
      apiVersion: 'v1',
      kind: 'Pod',
      namespace: ns,
      name: first.metadata.name,
    });
    deps.log.info(
      { rollout: `${ns}/${rollout.metadata.name}`, pod: first.metadata.name },
      'restarted a pod',
    );
  }
  return { requeueAfterMs: 1000 };
}
