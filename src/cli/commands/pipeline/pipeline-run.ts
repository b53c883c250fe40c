import { InputError } from '../../../errors/index.js';
import { planPipeline, type PipelinePlan } from '../../../pipeline/index.js';
import { cacheRoot } from '../../../pipeline/run/index.js';
import type { Command } from '../../command.js';
import { executePlans, secretOptions, secretSource } from './pipeline-context.js';
import { readPipelinesAt, resolveSource, triggerEvent } from './pipeline-source.js';

const usage =
  'slipway pipeline run [--repo DIR|URL] --event pull_request|push|manual [--action opened|synchronize|reopened|closed] [--pr N] [--base BRANCH] [--ref REF] [--sha SHA] [--pipeline NAME] [--secrets-file FILE | --kube-secrets] [--parallel N]';

const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

export const pipelineRunCommand: Command = {
  path: ['pipeline', 'run'],
  summary: 'run the pipelines an event triggers, here and now, from the committed files',
  usage,
  options: {
    repo: { type: 'string' },
    event: { type: 'string' },
    action: { type: 'string' },
    pr: { type: 'string' },
    base: { type: 'string' },
    ref: { type: 'string' },
    sha: { type: 'string' },
    pipeline: { type: 'string' },
    ...secretOptions,
    parallel: { type: 'string' },
  },
  async run(values, io) {
    const event = text(values['event']);
    if (event === undefined) {
      throw new InputError('which event? --event is missing', { hint: `usage: ${usage}` });
    }
    const parallelism = parseParallel(text(values['parallel']));
    const repo = text(values['repo']) ?? '.';
    const source = await resolveSource(repo, text(values['ref']), text(values['sha']), cacheRoot());
    const trigger = triggerEvent(
      { event, action: text(values['action']), pr: text(values['pr']), base: text(values['base']) },
      source,
    );
    const wanted = text(values['pipeline']);
    const pipelines = (await readPipelinesAt(source.gitDir, source.sha)).filter(
      (p) => wanted === undefined || p.name === wanted || p.file.endsWith(`/${wanted}.yaml`),
    );
    const plans: PipelinePlan[] = [];
    for (const pipeline of pipelines) {
      const decision = planPipeline(pipeline, trigger);
      if (decision.triggered) plans.push(decision.plan);
      else io.out(`pipeline ${pipeline.name} does not run: ${decision.reason}`);
    }
    if (plans.length === 0) {
      io.out(`no pipeline runs for ${event} at ${source.sha.slice(0, 12)}`);
      return 0;
    }
    const secrets = await secretSource(values, source.gitDir)?.load();
    return executePlans(plans, { repo: source.repo, secrets: secrets ?? {}, parallelism }, io);
  },
};

function parseParallel(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new InputError(`--parallel: "${value}" is not a whole number from 1 to 64`);
  }
  return n;
}
