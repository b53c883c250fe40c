import { isDeepStrictEqual } from 'node:util';
import type { PodSpecLike } from '../identity/index.js';
import type { JsonPatchOperation } from './admission-review.js';

// Turns "the spec as it is" and "the spec as applyWorkloadIdentityPatch leaves it" into the JSON
// Patch the API server applies, so what to add is decided in one place (identity/pod-patch.ts).

/**
 * The operations that turn `before` into `after` for one list: nothing when equal, the whole
 * list when there was none, appends when `after` only adds at the end, a replace otherwise.
 */
export function listOperations(
  path: string,
  before: readonly unknown[] | undefined,
  after: readonly unknown[] | undefined,
): JsonPatchOperation[] {
  if (after === undefined || isDeepStrictEqual(before ?? [], after)) return [];
  if (before === undefined) return [{ op: 'add', path, value: after }];
  const appendsOnly =
    after.length > before.length && before.every((item, i) => isDeepStrictEqual(item, after[i]));
  if (!appendsOnly) return [{ op: 'replace', path, value: after }];
  return after.slice(before.length).map((value) => ({ op: 'add', path: `${path}/-`, value }));
}

type ContainerLists = { env?: readonly unknown[]; volumeMounts?: readonly unknown[] };

function containerOperations(
  path: string,
  before: readonly ContainerLists[] | undefined,
  after: readonly ContainerLists[] | undefined,
): JsonPatchOperation[] {
  return (before ?? []).flatMap((container, i) => [
    ...listOperations(`${path}/${i}/env`, container.env, after?.[i]?.env),
    ...listOperations(
      `${path}/${i}/volumeMounts`,
      container.volumeMounts,
      after?.[i]?.volumeMounts,
    ),
  ]);
}

/**
 * The JSON Patch (paths under /spec) from a pod's spec to the same spec with more volumes,
 * mounts and variables. Containers are matched by position: the patch never adds or removes one.
 * Pure.
 */
export function podSpecJsonPatch(before: PodSpecLike, after: PodSpecLike): JsonPatchOperation[] {
  return [
    ...listOperations('/spec/volumes', before.volumes, after.volumes),
    ...containerOperations('/spec/initContainers', before.initContainers, after.initContainers),
    ...containerOperations('/spec/containers', before.containers, after.containers),
  ];
}
