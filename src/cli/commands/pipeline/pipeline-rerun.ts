import { cacheRoot, planRerun } from '../../../pipeline/run/index.js';
import type { Command } from '../../command.js';
import { onServer, rerunOnServer, serverTarget, targetOptions } from '../remote/index.js';
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
  options: { ...secretOptions, ...targetOptions },
  positionals: { min: 1, max: 1 },
  async run(values, io, positionals) {
    const server = serverTarget(values);
    if (server) {
      return onServer(io, async () => {
        const id = positionals[0] ?? '';
        io.out(`rerunning ${id}`);
        const run = await rerunOnServer(server, id);
        io.out(`run ${run} started on ${server.server}`);
        io.out(`  → follow it with \`slipway pipeline logs ${run} -f\``);
        return 0;
      });
    }
    const store = openStore();
    const previous = await getRunOrFail(store, positionals[0]).finally(() => store.close());
    const source = await resolveSource(previous.repo, undefined, previous.event.sha, cacheRoot());
    const plan = planRerun(previous, await readPipelinesAt(source.gitDir, source.sha));
    const secrets = (await secretSource(values, source.gitDir)?.load()) ?? {};
    io.out(`rerunning ${previous.id}`);
    return executePlans([plan], { repo: source.repo, secrets, parallelism: undefined }, io);
  },
};
