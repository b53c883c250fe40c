import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadPipelines } from './load-pipelines.js';
import { PipelineDefinitionError } from './problems.js';

describe('loadPipelines', () => {
  let repo: string;
  beforeEach(async () => {
    repo = await mkdtemp(join(tmpdir(), 'slipway-pipelines-'));
  });
  afterEach(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  const write = async (name: string, text: string): Promise<void> => {
    await mkdir(join(repo, '.slipway', 'pipelines'), { recursive: true });
    await writeFile(join(repo, '.slipway', 'pipelines', name), text);
  };

  it('reads .yaml and .yml files in name order and ignores the rest', async () => {
    await write('b.yml', 'on: push\njobs: {a: {steps: [{run: x}]}}');
    await write('a.yaml', 'on: manual\njobs: {a: {steps: [{run: x}]}}');
    await write('notes.md', '# not a pipeline');
    const pipelines = await loadPipelines(repo);
    expect(pipelines.map((pipeline) => pipeline.file)).toEqual([
      '.slipway/pipelines/a.yaml',
      '.slipway/pipelines/b.yml',
    ]);
  });

  it('finds no pipelines in a repo without the directory', async () => {
    await expect(loadPipelines(repo)).resolves.toEqual([]);
  });

  it('reports the problems of every file together, each with file:line', async () => {
    await write('a.yaml', 'on: push\njobs: {a: {steps: [{uses: actions/foo}]}}');
    await write('b.yaml', 'on: pushed\njobs: {a: {steps: [{run: x}]}}');
    const error: unknown = await loadPipelines(repo).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PipelineDefinitionError);
    const message = (error as PipelineDefinitionError).message;
    expect(message).toContain('.slipway/pipelines/a.yaml:2:');
    expect(message).toContain('jobs.a.steps[0].uses: "actions/foo" is not a step Slipway can run');
    expect(message).toContain('.slipway/pipelines/b.yaml:1:5 on.pushed: is not a field of `on`');
  });
});
