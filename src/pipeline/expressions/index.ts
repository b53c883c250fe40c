// GitHub Actions expressions for Slipway pipelines: parsing `${{ }}`, the loose value rules,
// the functions and the `if` status rule. Pure: the caller supplies every context.
export { ExpressionError } from './errors.js';
export type { ExpressionNode, BinaryOperator } from './ast.js';
export { parseExpression } from './parser.js';
export { splitTemplate, hasExpression, type TemplatePart } from './template.js';
export {
  compileExpression,
  compileTemplate,
  conditionExpression,
  evaluateCondition,
  evaluateExpression,
  interpolate,
  usesStatusFunction,
  type CompiledExpression,
} from './expression.js';
export { contextReferences, type ContextReference } from './references.js';
export {
  canonicalContext,
  contextNames,
  type ContextName,
  type ExpressionContext,
  type RunStatus,
} from './context.js';
export {
  fromJsonValue,
  isTruthy,
  looseEquals,
  toNumber,
  toText,
  type ExpressionObject,
  type ExpressionValue,
} from './values.js';
