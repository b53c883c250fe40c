import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../errors/index.js';
import type { Pipeline } from './model.js';
import { parsePipeline } from './parse-pipeline.js';
import { PipelineDefinitionError } from './problems.js';

export const pipelinesDirectory = join('.slipway', 'pipelines');

/**
 * Every `.slipway/pipelines/*.yaml|yml` of an app repo, in name order. All files are checked
 * before anything is returned; problems of every file are reported together.
 */
export async function loadPipelines(repoDir: string): Promise<Pipeline[]> {
  const dir = join(repoDir, pipelinesDirectory);
  const names = await pipelineFileNames(dir);
  const files: PipelineFile[] = [];
  for (const name of names) {
    files.push({
      file: join(pipelinesDirectory, name),
      text: await readFile(join(dir, name), 'utf8'),
    });
  }
  return parsePipelineFiles(files);
}

export type PipelineFile = { readonly file: string; readonly text: string };

/** Parses every file; problems of every file are reported together in one error. */
export function parsePipelineFiles(files: readonly PipelineFile[]): Pipeline[] {
  const pipelines: Pipeline[] = [];
  const failures: PipelineDefinitionError[] = [];
  for (const { file, text } of files) {
    try {
      pipelines.push(parsePipeline(text, file));
    } catch (error) {
      if (!(error instanceof PipelineDefinitionError)) throw error;
      failures.push(error);
    }
  }
  if (failures.length === 1 && failures[0] !== undefined) throw failures[0];
  if (failures.length > 1) {
    throw new PipelineDefinitionError(
      failures.map((failure) => failure.file).join(', '),
      failures.flatMap((failure) => failure.problems),
    );
  }
  return pipelines;
}

async function pipelineFileNames(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InputError(`cannot read the pipelines in ${dir}`, {
      cause: error,
      hint: 'check the directory exists and is readable',
    });
  }
}
