import { hasExpression } from '../expressions/index.js';
import {
  slipwaySteps,
  type InputSpec,
  type InputValue,
  type SlipwayStepName,
} from './step-catalog.js';

export type InputProblem = {
  /** The input at fault, or undefined when the problem is with `with` as a whole. */
  readonly input: string | undefined;
  readonly message: string;
  /** Point at the input's name: the input itself is the mistake. */
  readonly atKey?: boolean;
};

/** Checks a Slipway step's `with` against its table; values with `${{ }}` are checked at run time. */
export function checkSlipwayInputs(
  name: SlipwayStepName,
  inputs: Readonly<Record<string, InputValue>>,
): InputProblem[] {
  const spec = slipwaySteps[name];
  const table: Readonly<Record<string, InputSpec>> = spec.inputs;
  const known = Object.keys(table);
  const problems: InputProblem[] = [];
  for (const [input, value] of Object.entries(inputs)) {
    const inputSpec = table[input];
    if (inputSpec === undefined) {
      problems.push({
        input,
        message: `is not an input of slipway/${name}; its inputs are ${known.join(', ')}`,
        atKey: true,
      });
    } else {
      const problem = checkValue(inputSpec, value);
      if (problem !== undefined) problems.push({ input, message: problem });
    }
  }
  const missing = known.filter((input) => table[input]?.required === true && !(input in inputs));
  if (missing.length > 0) {
    const list = missing.map((input) => `\`${input}\``).join(', ');
    problems.push({ input: undefined, message: `slipway/${name} needs ${list} under \`with\`` });
  }
  const groups: readonly (readonly string[])[] = 'exactlyOneOf' in spec ? spec.exactlyOneOf : [];
  for (const group of groups) {
    const given = group.filter((input) => input in inputs);
    if (given.length !== 1) {
      problems.push({
        input: undefined,
        message: `slipway/${name} needs exactly one of ${group.map((input) => `\`${input}\``).join(' or ')} under \`with\``,
      });
    }
  }
  return problems;
}

function checkValue(spec: InputSpec, value: InputValue): string | undefined {
  if (typeof value === 'string' && hasExpression(value)) return undefined;
  if (spec.oneOf !== undefined && !spec.oneOf.includes(String(value))) {
    return `${JSON.stringify(value)} is not one of ${spec.oneOf.join(', ')}`;
  }
  if (spec.number !== undefined) {
    const number = typeof value === 'number' ? value : Number(value);
    if (typeof value === 'boolean' || Number.isNaN(number) || String(value).trim() === '') {
      return `${JSON.stringify(value)} is not a number`;
    }
    if (number < spec.number.min || number > spec.number.max) {
      return `${number} is not between ${spec.number.min} and ${spec.number.max}`;
    }
  }
  return undefined;
}

/** The inputs with the table's defaults filled in. */
export function withDefaults(
  name: SlipwayStepName,
  inputs: Readonly<Record<string, InputValue>>,
): Record<string, InputValue> {
  const table: Readonly<Record<string, InputSpec>> = slipwaySteps[name].inputs;
  const defaults = Object.entries(table).flatMap(([input, spec]) =>
    spec.default === undefined ? [] : [[input, spec.default] as const],
  );
  return { ...Object.fromEntries(defaults), ...inputs };
}
