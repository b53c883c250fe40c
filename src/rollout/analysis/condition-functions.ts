import type { Node } from './condition-parser.js';

// The functions an Argo condition can call: expr-lang's builtins that metrics use (len, all, any,
// none, …) and Argo's own helpers (asInt, asFloat, isNaN, isInf, isNil, default).

export type CallContext = {
  /** Evaluates an argument; with `element`, `#` is bound to it (a predicate). */
  readonly evaluate: (arg: Node, element?: { readonly value: unknown }) => unknown;
  readonly fail: (problem: string) => never;
};

type Predicate = (items: readonly unknown[], test: (item: unknown) => unknown) => unknown;

const predicates: Readonly<Record<string, Predicate>> = {
  all: (items, test) => items.every((item) => test(item) === true),
  any: (items, test) => items.some((item) => test(item) === true),
  none: (items, test) => !items.some((item) => test(item) === true),
  one: (items, test) => items.filter((item) => test(item) === true).length === 1,
  count: (items, test) => items.filter((item) => test(item) === true).length,
  filter: (items, test) => items.filter((item) => test(item) === true),
  map: (items, test) => items.map(test),
};

type Unary = (value: unknown, fail: CallContext['fail']) => unknown;

const unaryFunctions: Readonly<Record<string, Unary>> = {
  len: (value, fail) => {
    if (Array.isArray(value) || typeof value === 'string') return value.length;
    if (typeof value === 'object' && value !== null) return Object.keys(value).length;
    return fail(`len() needs an array, string or object, not ${typeName(value)}`);
  },
  isNaN: (value, fail) => Number.isNaN(numberArg('isNaN', value, fail)),
  isInf: (value, fail) => {
    const number = numberArg('isInf', value, fail);
    return number === Infinity || number === -Infinity;
  },
  isNil: (value) => value === null || value === undefined,
  abs: (value, fail) => Math.abs(numberArg('abs', value, fail)),
  int: (value, fail) => Math.trunc(numberArg('int', value, fail)),
  float: (value, fail) => numberArg('float', value, fail),
  asInt: (value, fail) => {
    if (typeof value === 'number') return Math.trunc(value);
    if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) return Number(value);
    return fail(`asInt() cannot read ${typeName(value)} ${JSON.stringify(value)} as an integer`);
  },
  asFloat: (value, fail) => {
    if (typeof value === 'number') return value;
    const number = typeof value === 'string' ? parseFloatStrict(value) : undefined;
    if (number !== undefined) return number;
    return fail(`asFloat() cannot read ${typeName(value)} ${JSON.stringify(value)} as a number`);
  },
};

export function callFunction(name: string, args: readonly Node[], context: CallContext): unknown {
  const predicate = predicates[name];
  if (predicate) return callPredicate(name, predicate, args, context);
  const unary = unaryFunctions[name];
  if (unary) {
    const [arg] = args;
    if (arg === undefined || args.length !== 1) {
      return context.fail(`${name}() takes 1 argument, not ${args.length}`);
    }
    return unary(context.evaluate(arg), context.fail);
  }
  if (name === 'default') {
    const [value, fallback] = args;
    if (value === undefined || fallback === undefined || args.length !== 2) {
      return context.fail(`default() takes 2 arguments, not ${args.length}`);
    }
    return context.evaluate(value) ?? context.evaluate(fallback);
  }
  const known = [...Object.keys(predicates), ...Object.keys(unaryFunctions), 'default'];
  return context.fail(`unknown function ${name}(); known: ${known.join(', ')}`);
}

function callPredicate(
  name: string,
  predicate: Predicate,
  args: readonly Node[],
  context: CallContext,
): unknown {
  const [collection, test] = args;
  if (collection === undefined || test === undefined || args.length !== 2) {
    return context.fail(`${name}() takes an array and a predicate, e.g. ${name}(result, {# > 0})`);
  }
  const items = context.evaluate(collection);
  if (!Array.isArray(items)) {
    return context.fail(`${name}() needs an array, not ${typeName(items)}`);
  }
  return predicate(items, (item) => {
    const outcome = context.evaluate(test, { value: item });
    if (name === 'map' || typeof outcome === 'boolean') return outcome;
    return context.fail(`the predicate of ${name}() gave ${typeName(outcome)}, not true or false`);
  });
}

function numberArg(name: string, value: unknown, fail: CallContext['fail']): number {
  if (typeof value === 'number') return value;
  return fail(`${name}() needs a number, not ${typeName(value)} ${JSON.stringify(value)}`);
}

function parseFloatStrict(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^[+-]?(inf|infinity)$/i.test(trimmed)) return trimmed.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(trimmed)) return Number.NaN;
  const number = Number(trimmed);
  return trimmed !== '' && !Number.isNaN(number) ? number : undefined;
}

/** expr-lang's words for the kinds of value a person would see in an error. */
export function typeName(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}
