import {
  slipwayApiVersion,
  type KubeObject,
  type ObjectClient,
  type ObjectRef,
} from '../../kube/index.js';
import { podTemplateHashLabel } from '../canary/pod-template-hash.js';
import {
  ownedBy,
  revisionOf,
  type JsonPatchOp,
  type RolloutPatches,
  type RolloutView,
} from './rollout-view.js';

// Reading a Rollout and what it owns, and patching it: what the CLI and the API server share.

/** The client and the namespace the Rollout is in. */
export type RolloutScope = { readonly client: ObjectClient; readonly namespace: string };

export const rolloutRef = (scope: RolloutScope, name: string): ObjectRef => ({
  apiVersion: slipwayApiVersion,
  kind: 'Rollout',
  namespace: scope.namespace,
  name,
});

/** The Rollout as the cluster has it now; undefined when there is none. */
export async function readRollout(
  scope: RolloutScope,
  name: string,
): Promise<RolloutView | undefined> {
  return scope.client.get(rolloutRef(scope, name));
}

/** The Rollout's ReplicaSets, newest revision first. */
export async function rolloutReplicaSets(
  scope: RolloutScope,
  rollout: RolloutView,
): Promise<KubeObject[]> {
  const list = await scope.client.list('apps/v1', 'ReplicaSet', { namespace: scope.namespace });
  return list.items
    .filter((rs) => ownedBy(rs, rollout))
    .sort((a, b) => revisionOf(b) - revisionOf(a));
}

export async function rolloutAnalysisRuns(
  scope: RolloutScope,
  rollout: RolloutView,
): Promise<KubeObject[]> {
  const list = await scope.client.list(slipwayApiVersion, 'AnalysisRun', {
    namespace: scope.namespace,
  });
  return list.items.filter((run) => ownedBy(run, rollout));
}

/** The pods of the given pod-template hashes, in one request. */
export async function podsOfHashes(
  scope: RolloutScope,
  hashes: readonly string[],
): Promise<KubeObject[]> {
  if (hashes.length === 0) return [];
  const list = await scope.client.list('v1', 'Pod', {
    namespace: scope.namespace,
    labelSelector: `${podTemplateHashLabel} in (${hashes.join(',')})`,
  });
  return list.items;
}

/** A JSON Patch (RFC 6902) on the Rollout: exact replacement, no merge of stale keys. */
export async function jsonPatchRollout(
  scope: RolloutScope,
  name: string,
  ops: readonly JsonPatchOp[],
): Promise<KubeObject> {
  const ref = rolloutRef(scope, name);
  const path = await scope.client.discovery.path(ref.apiVersion, ref.kind, ref.namespace, ref.name);
  return scope.client.rest.send<KubeObject>({
    method: 'PATCH',
    path,
    contentType: 'application/json-patch+json',
    body: ops,
  });
}

export async function applyPatches(
  scope: RolloutScope,
  name: string,
  patches: RolloutPatches,
): Promise<void> {
  const ref = rolloutRef(scope, name);
  if (patches.spec) await scope.client.mergePatch(ref, { spec: patches.spec });
  if (patches.status) await scope.client.mergePatch(ref, { status: patches.status }, 'status');
}
