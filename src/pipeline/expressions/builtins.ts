import type { ExpressionNode } from './ast.js';
import { ExpressionError } from './errors.js';
import type { Evaluation } from './evaluator.js';
import { fromJsonValue, isArray, looseEquals, toText, type ExpressionValue } from './values.js';

type CallNode = Extract<ExpressionNode, { kind: 'call' }>;
type Builtin = (
  args: readonly ExpressionValue[],
  fail: (problem: string) => never,
  run: Evaluation,
) => ExpressionValue;

const builtins: Readonly<Record<string, Builtin>> = {
  contains: ([search = null, item = null], fail) => {
    if (isArray(search)) return search.some((element) => looseEquals(element, item));
    return folded(search, fail).includes(folded(item, fail));
  },
  startswith: ([text = null, prefix = null], fail) =>
    folded(text, fail).startsWith(folded(prefix, fail)),
  endswith: ([text = null, suffix = null], fail) =>
    folded(text, fail).endsWith(folded(suffix, fail)),
  format: ([template = null, ...values], fail) => format(textOf(template, fail), values, fail),
  join: ([items = null, separator = ','], fail) => {
    const glue = textOf(separator, fail);
    if (isArray(items)) return items.map((item) => textOf(item, fail)).join(glue);
    return textOf(items, fail);
  },
  tojson: ([value = null]) => JSON.stringify(value, null, 2),
  fromjson: ([text = null], fail) => {
    try {
      return fromJsonValue(JSON.parse(textOf(text, fail)));
    } catch (error) {
      if (error instanceof ExpressionError) throw error;
      return fail(`fromJSON() was given text that is not JSON: ${JSON.stringify(text)}`);
    }
  },
  success: (_args, _fail, run) =>
    !(run.context.status?.failed ?? false) && !(run.context.status?.cancelled ?? false),
  failure: (_args, _fail, run) => run.context.status?.failed ?? false,
  always: () => true,
  cancelled: (_args, _fail, run) => run.context.status?.cancelled ?? false,
};

export function callFunction(
  node: CallNode,
  evaluateArg: (arg: ExpressionNode) => ExpressionValue,
  run: Evaluation,
): ExpressionValue {
  const builtin = builtins[node.name];
  const fail = (problem: string): never => {
    throw new ExpressionError(run.expression, node.position, problem);
  };
  if (builtin === undefined) return fail(`unknown function \`${node.name}\``);
  return builtin(node.args.map(evaluateArg), fail, run);
}

function textOf(value: ExpressionValue, fail: (problem: string) => never): string {
  const text = toText(value);
  if (text === undefined) {
    return fail(`an ${isArray(value) ? 'array' : 'object'} has no text form; wrap it in toJSON()`);
  }
  return text;
}

function folded(value: ExpressionValue, fail: (problem: string) => never): string {
  return textOf(value, fail).toUpperCase();
}

/** `format('{0} and {1}', a, b)`; `{{` and `}}` stand for literal braces. */
function format(
  template: string,
  values: readonly ExpressionValue[],
  fail: (problem: string) => never,
): string {
  let out = '';
  let position = 0;
  while (position < template.length) {
    const char = template[position];
    const next = template[position + 1];
    if ((char === '{' && next === '{') || (char === '}' && next === '}')) {
      out += char;
      position += 2;
    } else if (char === '{') {
      const close = template.indexOf('}', position);
      const index = close < 0 ? NaN : Number(template.slice(position + 1, close));
      if (!Number.isInteger(index) || close === position + 1) {
        return fail(
          `format() string has a \`{\` that is not {N} or {{: ${JSON.stringify(template)}`,
        );
      }
      if (index >= values.length) {
        return fail(`format() refers to {${index}} but was given ${values.length} value(s)`);
      }
      out += textOf(values[index] ?? null, fail);
      position = close + 1;
    } else if (char === '}') {
      return fail(
        `format() string has a lone \`}\` (write }} for a brace): ${JSON.stringify(template)}`,
      );
    } else {
      out += char;
      position += 1;
    }
  }
  return out;
}
