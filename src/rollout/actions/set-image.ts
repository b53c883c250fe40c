import { InputError } from '../../errors/index.js';
import { refuseWorkloadRef } from './undo.js';
import type { JsonPatchOp, RolloutView } from './rollout-view.js';

export type ImageChange = { readonly container: string; readonly image: string };

type ContainerList = readonly { readonly name?: string }[];

/**
 * A JSON Patch setting each named container's image (containers first, then initContainers). A
 * `test` of the name at that index guards against the list having changed since it was read. Pure.
 */
export function imagePatch(rollout: RolloutView, changes: readonly ImageChange[]): JsonPatchOp[] {
  refuseWorkloadRef(rollout);
  const spec = rollout.spec?.template?.spec ?? {};
  const lists = (['containers', 'initContainers'] as const).map((key) => ({
    key,
    items: (Array.isArray(spec[key]) ? spec[key] : []) as ContainerList,
  }));
  return changes.flatMap(({ container, image }) => {
    for (const { key, items } of lists) {
      const index = items.findIndex((c) => c.name === container);
      if (index < 0) continue;
      const at = `/spec/template/spec/${key}/${index}`;
      return [
        { op: 'test' as const, path: `${at}/name`, value: container },
        { op: 'replace' as const, path: `${at}/image`, value: image },
      ];
    }
    const names = lists.flatMap(({ items }) => items.map((c) => c.name ?? '?'));
    throw new InputError(
      `rollout "${rollout.metadata.name}" has no container "${container}" in its pod template`,
      { hint: `its containers: ${names.join(', ') || '(none)'}` },
    );
  });
}
