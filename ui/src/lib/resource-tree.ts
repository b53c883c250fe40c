import type { ResourceNode } from '../api/types';

// The Application's resources as an indented list: live children (ReplicaSets, Pods) under the
// object that owns them when the server sends a tree; otherwise grouped by API group. Pure.

export type TreeRow = {
  readonly key: string;
  readonly depth: number;
  /** A heading row for a group of resources, or a resource. */
  readonly group?: string;
  readonly node?: ResourceNode;
};

const keyOf = (n: { kind: string; namespace?: string; name: string }): string =>
  `${n.kind}/${n.namespace ?? ''}/${n.name}`;

const byKindAndName = (a: ResourceNode, b: ResourceNode): number =>
  a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);

/** Rows in depth-first order; a child whose parent is not in the list is a root. */
export function treeRows(nodes: readonly ResourceNode[]): TreeRow[] {
  const keys = new Set(nodes.map(keyOf));
  const children = new Map<string, ResourceNode[]>();
  const roots: ResourceNode[] = [];
  for (const node of nodes) {
    const parent = node.parentRefs
      ?.map((p) => keyOf({ ...p, namespace: p.namespace ?? node.namespace }))
      .find((k) => keys.has(k));
    if (parent === undefined) roots.push(node);
    else children.set(parent, [...(children.get(parent) ?? []), node]);
  }
  const rows: TreeRow[] = [];
  const seen = new Set<string>();
  const visit = (node: ResourceNode, depth: number): void => {
    const key = keyOf(node);
    if (seen.has(key)) return;
    seen.add(key);
    rows.push({ key, depth, node });
    for (const child of [...(children.get(key) ?? [])].sort(byKindAndName)) visit(child, depth + 1);
  };
  for (const root of [...roots].sort(byKindAndName)) visit(root, 0);
  return rows;
}

/** Without a tree: one heading per API group ("core" for the empty group), resources under it. */
export function groupedRows(nodes: readonly ResourceNode[]): TreeRow[] {
  const groups = new Map<string, ResourceNode[]>();
  for (const node of nodes) {
    const group = node.group === undefined || node.group === '' ? 'core' : node.group;
    groups.set(group, [...(groups.get(group) ?? []), node]);
  }
  return [...groups.keys()]
    .sort()
    .flatMap((group) => [
      { key: `group:${group}`, depth: 0, group },
      ...(groups.get(group) ?? [])
        .sort(byKindAndName)
        .map((node) => ({ key: keyOf(node), depth: 1, node })),
    ]);
}

export function resourceRows(
  tree: readonly ResourceNode[] | undefined,
  resources: readonly ResourceNode[] | undefined,
): TreeRow[] {
  if (tree !== undefined && tree.length > 0) return treeRows(tree);
  return groupedRows(resources ?? []);
}
