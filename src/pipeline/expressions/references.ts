import { walkNodes, type ExpressionNode } from './ast.js';

/** A use of a context in an expression: `steps.build.outputs.tag` is { context: 'steps', key: 'build' }. */
export type ContextReference = {
  /** As written, e.g. `github`. */
  readonly context: string;
  /** The first property under the context when it is written literally. */
  readonly key: string | undefined;
  readonly position: number;
};

/** The contexts an expression reads, for checks made before anything runs. */
export function contextReferences(node: ExpressionNode): ContextReference[] {
  const nodes = walkNodes(node);
  const keyed = new Set<ExpressionNode>();
  const references: ContextReference[] = [];
  for (const each of nodes) {
    if ((each.kind === 'property' || each.kind === 'index') && each.object.kind === 'context') {
      keyed.add(each.object);
      references.push({
        context: each.object.name,
        key: literalKey(each),
        position: each.object.position,
      });
    }
  }
  for (const each of nodes) {
    if (each.kind === 'context' && !keyed.has(each)) {
      references.push({ context: each.name, key: undefined, position: each.position });
    }
  }
  return references.sort((a, b) => a.position - b.position);
}

function literalKey(
  node: Extract<ExpressionNode, { kind: 'property' | 'index' }>,
): string | undefined {
  if (node.kind === 'property') return node.name;
  return node.index.kind === 'literal' && typeof node.index.value === 'string'
    ? node.index.value
    : undefined;
}
