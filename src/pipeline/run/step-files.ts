import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseKeyValueFile, parsePathFile } from './command-files.js';

// The command files of one step (SLIPWAY_OUTPUT, SLIPWAY_ENV, SLIPWAY_PATH and their GITHUB_
// aliases): created empty before the step, read after it.

export type StepFiles = {
  readonly output: string;
  readonly env: string;
  readonly path: string;
};

export type StepFileContents = {
  readonly outputs: Record<string, string>;
  readonly env: Record<string, string>;
  readonly path: string[];
};

export async function createStepFiles(filesDir: string, index: number): Promise<StepFiles> {
  const files = {
    output: join(filesDir, `output-${index}`),
    env: join(filesDir, `env-${index}`),
    path: join(filesDir, `path-${index}`),
  };
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
  return files;
}

/** The variables that tell a step where its command files are. */
export function stepFileEnv(files: StepFiles): Record<string, string> {
  return {
    SLIPWAY_OUTPUT: files.output,
    GITHUB_OUTPUT: files.output,
    SLIPWAY_ENV: files.env,
    GITHUB_ENV: files.env,
    SLIPWAY_PATH: files.path,
    GITHUB_PATH: files.path,
  };
}

/** What the step wrote; a malformed file throws an InputError naming it. */
export async function readStepFiles(files: StepFiles): Promise<StepFileContents> {
  const [output, env, path] = await Promise.all(
    [files.output, files.env, files.path].map((file) => readFile(file, 'utf8')),
  );
  return {
    outputs: parseKeyValueFile(output ?? '', 'SLIPWAY_OUTPUT'),
    env: parseKeyValueFile(env ?? '', 'SLIPWAY_ENV'),
    path: parsePathFile(path ?? ''),
  };
}
