import { isAbsolute, relative, resolve } from 'node:path';
import { InputError, SlipwayError } from '../../errors/index.js';
import type { StepAction, StepContext, StepResult } from '../run/step-action.js';

/** An input's value, trimmed; an empty string counts as not given. */
export function optionalInput(context: StepContext, name: string): string | undefined {
  const value = context.inputs[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

export function requiredInput(context: StepContext, name: string, step: string): string {
  const value = optionalInput(context, name);
  if (value === undefined) {
    throw new InputError(`slipway/${step} needs \`${name}\` under \`with\`, and it is empty`, {
      hint: `set \`with.${name}\` in the step (an expression that evaluated to '' counts as empty)`,
    });
  }
  return value;
}

/** A list input: one item per line or comma-separated, blanks dropped. */
export function listInput(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * A path the step was given, resolved against the workspace. Relative paths must stay inside it:
 * `../` out of the checkout is almost always a mistake in the pipeline file.
 */
export function workspacePath(context: StepContext, path: string, input: string): string {
  if (isAbsolute(path)) return path;
  const full = resolve(context.workspace, path);
  const inside = relative(context.workspace, full);
  if (inside.startsWith('..')) {
    throw new InputError(`\`with.${input}\` ${JSON.stringify(path)} leaves the workspace`, {
      hint: 'give a path relative to the repository root, without `..` out of it',
    });
  }
  return full;
}

export const failure = (message: string, outputs?: Record<string, string>): StepResult =>
  outputs === undefined
    ? { outcome: 'failure', message }
    : { outcome: 'failure', message, outputs };

/** A file-system-safe name for an image reference, for artifact file names. */
export function slug(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
}

/**
 * Wraps a step so that Slipway's own errors (a bad input, a tool that failed) become a failed
 * result with a message a person can act on; anything else is a bug and propagates to the runner.
 */
export function guarded(step: string, action: StepAction): StepAction {
  return async (context) => {
    try {
      return await action(context);
    } catch (error) {
      if (error instanceof SlipwayError) return failure(`${step}: ${error.describe()}`);
      throw error;
    }
  };
}
