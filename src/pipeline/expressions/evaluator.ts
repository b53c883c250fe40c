import type { ExpressionNode } from './ast.js';
import { canonicalContext, contextValue, type ExpressionContext } from './context.js';
import { ExpressionError } from './errors.js';
import { callFunction } from './builtins.js';
import {
  compareValues,
  isArray,
  isObject,
  isTruthy,
  looseEquals,
  propertyOf,
  toNumber,
  type ExpressionValue,
} from './values.js';

/**
 * What evaluating a node gives: a value, and whether it is the output of `*` so that a further
 * `.name` or `[i]` applies to each element instead of to the array.
 */
type Evaluated = { readonly value: ExpressionValue; readonly filtered: boolean };

export type Evaluation = {
  readonly expression: string;
  readonly context: ExpressionContext;
};

/** Evaluates a parsed expression against the contexts. */
export function evaluateNode(
  node: ExpressionNode,
  expression: string,
  context: ExpressionContext,
): ExpressionValue {
  return evaluate(node, { expression, context }).value;
}

function plain(value: ExpressionValue): Evaluated {
  return { value, filtered: false };
}

function evaluate(node: ExpressionNode, run: Evaluation): Evaluated {
  switch (node.kind) {
    case 'literal':
      return plain(node.value);
    case 'context':
      return plain(lookupContext(node.name, node.position, run));
    case 'property':
      return dereference(evaluate(node.object, run), (value) => propertyOf(value, node.name));
    case 'index': {
      const key = evaluate(node.index, run).value;
      return dereference(evaluate(node.object, run), (value) => indexOf(value, key));
    }
    case 'filter':
      return applyFilter(evaluate(node.object, run));
    case 'not':
      return plain(!isTruthy(evaluate(node.operand, run).value));
    case 'binary':
      return plain(evaluateBinary(node, run));
    case 'call':
      return plain(callFunction(node, (arg) => evaluate(arg, run).value, run));
  }
}

function lookupContext(name: string, position: number, run: Evaluation): ExpressionValue {
  if (canonicalContext(name) === undefined) {
    throw new ExpressionError(
      run.expression,
      position,
      `unknown context \`${name}\``,
      'use event (or github), env, secrets, steps, needs, job or runner',
    );
  }
  return contextValue(run.context, name);
}

function dereference(
  target: Evaluated,
  step: (value: ExpressionValue) => ExpressionValue,
): Evaluated {
  if (!target.filtered) return plain(step(target.value));
  const items = isArray(target.value) ? target.value : [];
  // Elements without the property drop out, as GitHub's object filters do.
  return { value: items.map(step).filter((item) => item !== null), filtered: true };
}

function indexOf(value: ExpressionValue, key: ExpressionValue): ExpressionValue {
  if (isArray(value)) {
    const position = toNumber(key);
    if (!Number.isInteger(position) || position < 0) return null;
    return value[position] ?? null;
  }
  if (isObject(value) && typeof key === 'string') return propertyOf(value, key);
  return null;
}

function applyFilter(target: Evaluated): Evaluated {
  const sources = target.filtered && isArray(target.value) ? target.value : [target.value];
  const items = sources.flatMap((source): ExpressionValue[] => {
    if (isArray(source)) return [...source];
    if (isObject(source)) return Object.values(source);
    return [];
  });
  return { value: items, filtered: true };
}

function evaluateBinary(
  node: Extract<ExpressionNode, { kind: 'binary' }>,
  run: Evaluation,
): ExpressionValue {
  const left = evaluate(node.left, run).value;
  // && and || short-circuit and give back an operand, not a boolean, as in GitHub.
  if (node.operator === '&&') return isTruthy(left) ? evaluate(node.right, run).value : left;
  if (node.operator === '||') return isTruthy(left) ? left : evaluate(node.right, run).value;
  const right = evaluate(node.right, run).value;
  switch (node.operator) {
    case '==':
      return looseEquals(left, right);
    case '!=':
      return !looseEquals(left, right);
    default:
      return compareWith(node.operator, compareValues(left, right));
  }
}

function compareWith(operator: '<' | '<=' | '>' | '>=', order: number | undefined): boolean {
  if (order === undefined) return false;
  switch (operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
  }
}
