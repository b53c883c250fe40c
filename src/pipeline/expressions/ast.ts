import type { ExpressionValue } from './values.js';

export type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | '&&' | '||';

/** A parsed expression; `position` is the 0-based offset of the node's first token. */
export type ExpressionNode =
  | { readonly kind: 'literal'; readonly value: ExpressionValue; readonly position: number }
  | { readonly kind: 'context'; readonly name: string; readonly position: number }
  | {
      readonly kind: 'property';
      readonly object: ExpressionNode;
      readonly name: string;
      readonly position: number;
    }
  | {
      readonly kind: 'index';
      readonly object: ExpressionNode;
      readonly index: ExpressionNode;
      readonly position: number;
    }
  | { readonly kind: 'filter'; readonly object: ExpressionNode; readonly position: number }
  | { readonly kind: 'not'; readonly operand: ExpressionNode; readonly position: number }
  | {
      readonly kind: 'binary';
      readonly operator: BinaryOperator;
      readonly left: ExpressionNode;
      readonly right: ExpressionNode;
      readonly position: number;
    }
  | {
      readonly kind: 'call';
      /** Lower-cased: GitHub's function names ignore case. */
      readonly name: string;
      readonly args: readonly ExpressionNode[];
      readonly position: number;
    };

/** Every node of a tree, parents before children. */
export function walkNodes(node: ExpressionNode): ExpressionNode[] {
  switch (node.kind) {
    case 'literal':
    case 'context':
      return [node];
    case 'property':
    case 'filter':
      return [node, ...walkNodes(node.object)];
    case 'index':
      return [node, ...walkNodes(node.object), ...walkNodes(node.index)];
    case 'not':
      return [node, ...walkNodes(node.operand)];
    case 'binary':
      return [node, ...walkNodes(node.left), ...walkNodes(node.right)];
    case 'call':
      return [node, ...node.args.flatMap((arg) => walkNodes(arg))];
  }
}
