import { InputError } from '../../../errors/index.js';
import { planPipeline } from '../../../pipeline/index.js';
import { cacheRoot } from '../../../pipeline/run/index.js';
import type { Command } from '../../command.js';
import {
  executePlans,
  getRunOrFail,
  openStore,
  secretOptions,
  secretSource,
} from './pipeline-context.js';
import { readPipelinesAt, resolveSource } from './pipeline-source.js';

export const pipelineRerunCommand: Command = {
  path: ['pipeline', 'rerun'],
  summary: 'run a pipeline again for the same event and commit, as a new run',
  usage: 'slipway pipeline rerun RUN [--secrets-file FILE | --kube-secrets]',
  options: secretOptions,
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const store = openStore();
    const previous = await getRunOrFail(store, positionals[0]).finally(() => store.close());
    const source = await resolveSource(previous.repo, undefined, previous.event.sha, cacheRoot());
    const pipeline = (await readPipelinesAt(source.gitDir, source.sha)).find(
      (p) => p.name === previous.pipeline,
    );
    if (pipeline === undefined) {
      throw new InputError(
        `pipeline ${previous.pipeline} is not in ${previous.repo} at ${source.sha}`,
      );
    }
    const decision = planPipeline(pipeline, previous.event);
    if (!decision.triggered) {
      throw new InputError(`pipeline ${pipeline.name} no longer runs: ${decision.reason}`);
    }
    const secrets = (await secretSource(values, source.gitDir)?.load()) ?? {};
    io.out(`rerunning ${previous.id}`);
    return executePlans(
      [decision.plan],
      { repo: source.repo, secrets, parallelism: undefined },
      io,
    );
  },
};
