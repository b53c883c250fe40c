import type { z, ZodError } from 'zod';
import { isRecord } from './records.js';
import { resolveUses, usableSteps, type InputValue } from './step-catalog.js';
import { checkSlipwayInputs, withDefaults } from './step-inputs.js';
import type { PipelineStep, SourceLocation, StepUses } from './model.js';
import type { FieldPath, PipelineProblem } from './problems.js';
import { stepSchema, unknownFieldMessage, type RawStep } from './schema.js';

export type Built<T> = { readonly value: T | undefined; readonly problems: PipelineProblem[] };

/** Zod's issues as problems under `prefix`, with messages that read as sentences. */
export function zodProblems(error: ZodError, prefix: FieldPath): PipelineProblem[] {
  return error.issues.map((issue) => {
    const missing = issue.code === 'invalid_type' && issue.received === 'undefined';
    const message = missing ? 'is required' : issue.message;
    return {
      path: [...prefix, ...issue.path],
      message,
      atKey: message.startsWith(unknownFieldMessage),
    };
  });
}

/**
 * Parses with the schema and, when some fields are wrong, parses again without them: the problems
 * are reported, and the rest of the object is still checked (needs, expressions, inputs).
 */
export function parseLeniently<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  path: FieldPath,
): { readonly data: T | undefined; readonly problems: PipelineProblem[] } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data, problems: [] };
  const problems = zodProblems(parsed.error, path);
  if (!isRecord(raw)) return { data: undefined, problems };
  const rest = { ...raw };
  for (const issue of parsed.error.issues) {
    const [field] = issue.path;
    if (typeof field === 'string') delete rest[field];
  }
  const retried = schema.safeParse(rest);
  return { data: retried.success ? retried.data : undefined, problems };
}

const shells = ['bash', 'sh', 'python', 'pwsh'];

export function buildStep(
  raw: unknown,
  index: number,
  path: FieldPath,
  sourceOf: (path: FieldPath) => SourceLocation,
): Built<PipelineStep> {
  const { data: step, problems } = parseLeniently(stepSchema, raw, path);
  if (step === undefined) return { value: undefined, problems };
  const action = buildAction(step, path);
  problems.push(...action.problems);
  if (action.value === undefined) return { value: undefined, problems };
  const value: PipelineStep = {
    index,
    id: step.id,
    name: step.name,
    if: step.if,
    env: step.env ?? {},
    workingDirectory: step['working-directory'],
    continueOnError: step['continue-on-error'] ?? false,
    timeoutMinutes: step['timeout-minutes'],
    action: action.value,
    source: sourceOf(path),
  };
  return { value, problems };
}

function buildAction(step: RawStep, path: FieldPath): Built<StepUses> {
  if (step.run !== undefined && step.uses !== undefined) {
    return failed(
      path,
      'has both `run` and `uses`; a step either runs a command or uses a step, split it in two',
    );
  }
  if (step.run !== undefined) {
    if (step.with !== undefined)
      return failed(
        [...path, 'with'],
        '`with` gives inputs to a `uses` step; pass values to `run` through `env`',
      );
    if (step.shell !== undefined && !shells.includes(step.shell) && !step.shell.includes('{0}')) {
      return failed(
        [...path, 'shell'],
        `"${step.shell}" is not a shell Slipway knows; use ${shells.join(', ')} or a command with {0} for the script file`,
      );
    }
    return { value: { kind: 'run', run: step.run, shell: step.shell }, problems: [] };
  }
  if (step.uses === undefined) {
    return failed(path, 'needs `run` (a command) or `uses` (a step Slipway provides)');
  }
  if (step.shell !== undefined)
    return failed([...path, 'shell'], '`shell` applies to `run` steps only');
  return buildUses(step.uses, step.with ?? {}, path);
}

function buildUses(
  uses: string,
  inputs: Readonly<Record<string, InputValue>>,
  path: FieldPath,
): Built<StepUses> {
  const action = resolveUses(uses);
  if (action === undefined) {
    return failed(
      [...path, 'uses'],
      `"${uses}" is not a step Slipway can run; use one of ${usableSteps.join(', ')}`,
    );
  }
  if (action.kind === 'native') {
    return {
      value: { kind: 'native', action: action.action, version: action.version, with: inputs },
      problems: [],
    };
  }
  const hasWith = Object.keys(inputs).length > 0;
  const problems = checkSlipwayInputs(action.name, inputs).map((problem) => ({
    path:
      problem.input !== undefined
        ? [...path, 'with', problem.input]
        : [...path, hasWith ? 'with' : 'uses'],
    message: problem.message,
    atKey: problem.atKey ?? false,
  }));
  const value: StepUses = {
    kind: 'slipway',
    name: action.name,
    with: withDefaults(action.name, inputs),
  };
  return { value: problems.length === 0 ? value : undefined, problems };
}

function failed<T>(path: FieldPath, message: string): Built<T> {
  return { value: undefined, problems: [{ path, message }] };
}
