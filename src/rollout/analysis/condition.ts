import { ConditionError } from './condition-lexer.js';
import { parseCondition, type Node } from './condition-parser.js';
import { callFunction, typeName } from './condition-functions.js';

// Evaluates Argo's successCondition/failureCondition (expr-lang) against a measured `result`.
// Pure: the same expression and value always give the same answer or the same error.

export { ConditionError } from './condition-lexer.js';

type Scope = {
  readonly expression: string;
  readonly variables: Readonly<Record<string, unknown>>;
  /** The element a predicate (`all(result, {# > 0})`) is looking at. */
  readonly pointer?: { readonly value: unknown };
};

/** Evaluates `expression` with `result` bound; throws ConditionError when it does not parse or fails. */
export function evaluateExpression(
  expression: string,
  variables: Readonly<Record<string, unknown>>,
): unknown {
  return evaluate(parseCondition(expression), { expression, variables });
}

/** Evaluates a condition to true or false; anything else is an error, as in Argo. */
export function evaluateCondition(expression: string, result: unknown): boolean {
  const value = evaluateExpression(expression, { result });
  if (typeof value !== 'boolean') {
    throw new ConditionError(
      expression,
      `gave ${typeName(value)} ${show(value)}, not true or false`,
    );
  }
  return value;
}

function evaluate(node: Node, scope: Scope): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'array':
      return node.items.map((item) => evaluate(item, scope));
    case 'name':
      if (node.name in scope.variables) return scope.variables[node.name];
      return fail(scope, `unknown name "${node.name}" (the measured value is \`result\`)`, node.at);
    case 'pointer':
      if (scope.pointer) return scope.pointer.value;
      return fail(
        scope,
        '"#" is only meaningful inside a predicate such as all(result, {# > 0})',
        node.at,
      );
    case 'member':
      return member(evaluate(node.object, scope), node.property, node.optional, scope, node.at);
    case 'index':
      return index(evaluate(node.object, scope), evaluate(node.index, scope), scope, node.at);
    case 'unary':
      return unary(node.op, evaluate(node.operand, scope), scope, node.at);
    case 'binary':
      return binary(node, scope);
    case 'conditional':
      return boolOf(evaluate(node.test, scope), '?', scope, node.at)
        ? evaluate(node.then, scope)
        : evaluate(node.otherwise, scope);
    case 'call':
      return callFunction(node.name, node.args, {
        evaluate: (arg, element) => evaluate(arg, element ? { ...scope, pointer: element } : scope),
        fail: (problem) => fail(scope, problem, node.at),
      });
  }
}

function member(
  object: unknown,
  property: string,
  optional: boolean,
  scope: Scope,
  at: number,
): unknown {
  if (object === null || object === undefined) {
    if (optional) return null;
    return fail(scope, `cannot read "${property}" of nil (use ?. to allow a missing value)`, at);
  }
  if (typeof object !== 'object' || Array.isArray(object)) {
    return fail(scope, `cannot read "${property}" of ${typeName(object)} ${show(object)}`, at);
  }
  return Object.hasOwn(object, property) ? (object as Record<string, unknown>)[property] : null;
}

function index(object: unknown, key: unknown, scope: Scope, at: number): unknown {
  if (Array.isArray(object) || typeof object === 'string') {
    if (typeof key !== 'number' || !Number.isInteger(key)) {
      return fail(scope, `index ${show(key)} is not a whole number`, at);
    }
    const position = key < 0 ? object.length + key : key;
    if (position < 0 || position >= object.length) {
      return fail(
        scope,
        `index ${key} is out of range for ${typeName(object)} of length ${object.length}`,
        at,
      );
    }
    return object[position];
  }
  if (typeof object === 'object' && object !== null && typeof key === 'string') {
    return member(object, key, false, scope, at);
  }
  return fail(scope, `cannot index ${typeName(object)} ${show(object)} with ${show(key)}`, at);
}

function unary(op: string, value: unknown, scope: Scope, at: number): unknown {
  if (op === '!') return !boolOf(value, 'not', scope, at);
  const number = numberOf(value, op, scope, at);
  return op === '-' ? -number : number;
}

function binary(node: Node & { kind: 'binary' }, scope: Scope): unknown {
  const { op, at } = node;
  const left = evaluate(node.left, scope);
  // `and`/`or` stop early, so `len(result) > 0 && result[0] > 1` is safe on an empty result.
  if (op === '&&' || op === 'and') {
    return boolOf(left, op, scope, at) && boolOf(evaluate(node.right, scope), op, scope, at);
  }
  if (op === '||' || op === 'or') {
    return boolOf(left, op, scope, at) || boolOf(evaluate(node.right, scope), op, scope, at);
  }
  if (op === '??') return left ?? evaluate(node.right, scope);
  const right = evaluate(node.right, scope);
  switch (op) {
    case '==':
      return equal(left, right);
    case '!=':
      return !equal(left, right);
    case 'in':
      return contains(right, left, scope, at);
    case 'not in':
      return !contains(right, left, scope, at);
    case '<':
    case '<=':
    case '>':
    case '>=':
      return compare(op, left, right, scope, at);
    default:
      return arithmetic(op, left, right, scope, at);
  }
}

function equal(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) {
    return false;
  }
  return JSON.stringify(left) === JSON.stringify(right);
}

function contains(collection: unknown, item: unknown, scope: Scope, at: number): boolean {
  if (Array.isArray(collection)) return collection.some((element) => equal(element, item));
  if (typeof collection === 'object' && collection !== null && typeof item === 'string') {
    return Object.hasOwn(collection, item);
  }
  return fail(scope, `"in" needs an array or object on its right, not ${typeName(collection)}`, at);
}

function compare(op: string, left: unknown, right: unknown, scope: Scope, at: number): boolean {
  const comparable =
    (typeof left === 'number' && typeof right === 'number') ||
    (typeof left === 'string' && typeof right === 'string');
  if (!comparable) {
    return fail(
      scope,
      `cannot compare ${typeName(left)} ${show(left)} ${op} ${typeName(right)} ${show(right)}`,
      at,
    );
  }
  const sign = left < right ? -1 : left > right ? 1 : 0;
  if (op === '<') return sign < 0;
  if (op === '<=') return sign <= 0;
  return op === '>' ? sign > 0 : sign >= 0;
}

function arithmetic(op: string, left: unknown, right: unknown, scope: Scope, at: number): unknown {
  if (op === '+' && typeof left === 'string' && typeof right === 'string') return left + right;
  const a = numberOf(left, op, scope, at);
  const b = numberOf(right, op, scope, at);
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      if (b === 0) return fail(scope, 'modulo by zero', at);
      return a % b;
    default:
      return a ** b;
  }
}

function numberOf(value: unknown, op: string, scope: Scope, at: number): number {
  if (typeof value === 'number') return value;
  return fail(scope, `"${op}" needs numbers, not ${typeName(value)} ${show(value)}`, at);
}

function boolOf(value: unknown, op: string, scope: Scope, at: number): boolean {
  if (typeof value === 'boolean') return value;
  return fail(scope, `"${op}" needs true or false, not ${typeName(value)} ${show(value)}`, at);
}

function fail(scope: Scope, problem: string, at: number): never {
  throw new ConditionError(scope.expression, problem, at + 1);
}

function show(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value) ?? 'nil';
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
