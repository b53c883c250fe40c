import { cp, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors/index.js';
import type { StepAction, StepResult } from '../run/step-action.js';
import { requiredInput, workspacePath } from './step-io.js';

/** An artifact name becomes a file name under the run's artifacts: no separators, no dot-dirs. */
export function checkArtifactName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) {
    throw new InputError(`\`with.name\` ${JSON.stringify(name)} cannot name an artifact`, {
      hint: 'use letters, digits, `.`, `_` and `-`, starting with a letter or digit (e.g. test-report)',
    });
  }
  return name;
}

/** Copies a file or folder of the workspace into the run's artifacts as `<name>`. */
export const artifact: StepAction = async (context): Promise<StepResult> => {
  const name = checkArtifactName(requiredInput(context, 'name', 'artifact'));
  const given = requiredInput(context, 'path', 'artifact');
  const source = workspacePath(context, given, 'path');
  const found = await stat(source).catch(() => undefined);
  if (found === undefined) {
    throw new InputError(`\`with.path\` ${given} does not exist in the workspace`, {
      hint: 'check the path, and that an earlier step wrote it',
    });
  }
  const target = join(context.run.artifactsDir, name);
  await mkdir(context.run.artifactsDir, { recursive: true });
  // A re-run of the step replaces the artifact rather than merging into the old copy.
  await rm(target, { recursive: true, force: true });
  await cp(source, target, { recursive: true, dereference: false });
  context.log(`artifact: ${given} saved as ${name}`);
  return { outcome: 'success', outputs: { path: target }, artifacts: [{ name, path: target }] };
};
