import { isRecord } from './records.js';
import { buildStep, parseLeniently, zodProblems, type Built } from './build-step.js';
import type { Concurrency, PipelineJob, PipelineStep, SourceLocation, Triggers } from './model.js';
import type { FieldPath, PipelineProblem } from './problems.js';
import { defaultPullRequestTypes, jobSchema, pipelineSchema, type RawPipeline } from './schema.js';

/** The parts of a file that passed the schema; anything that failed is in `problems`. */
export type BuiltPipeline = {
  readonly top: RawPipeline | undefined;
  readonly jobs: readonly PipelineJob[];
  /** Every job id written in the file, valid job or not, so `needs` is checked against all. */
  readonly jobIds: readonly string[];
  /** Each job's step ids by position, valid step or not, so `steps.<id>` is checked against all. */
  readonly stepIds: ReadonlyMap<string, readonly (string | undefined)[]>;
  readonly problems: readonly PipelineProblem[];
};

export function buildPipeline(
  raw: unknown,
  sourceOf: (path: FieldPath, atKey?: boolean) => SourceLocation,
): BuiltPipeline {
  if (!isRecord(raw)) {
    const message =
      raw === null || raw === undefined
        ? 'the file is empty; a pipeline needs at least `on` and `jobs`'
        : 'must be a map with at least `on` and `jobs`';
    return {
      top: undefined,
      jobs: [],
      jobIds: [],
      stepIds: new Map(),
      problems: [{ path: [], message }],
    };
  }
  const top = pipelineSchema.safeParse(raw);
  const problems: PipelineProblem[] = top.success ? [] : zodProblems(top.error, []);
  const rawJobs = isRecord(raw['jobs']) ? raw['jobs'] : {};
  const jobs: PipelineJob[] = [];
  const stepIds = new Map<string, (string | undefined)[]>();
  for (const [id, rawJob] of Object.entries(rawJobs)) {
    stepIds.set(id, rawStepIds(rawJob));
    const built = buildJob(id, rawJob, sourceOf);
    problems.push(...built.problems);
    if (built.value !== undefined) jobs.push(built.value);
  }
  return {
    top: top.success ? top.data : undefined,
    jobs,
    jobIds: Object.keys(rawJobs),
    stepIds,
    problems,
  };
}

function rawStepIds(rawJob: unknown): (string | undefined)[] {
  const steps =
    isRecord(rawJob) && Array.isArray(rawJob['steps']) ? (rawJob['steps'] as unknown[]) : [];
  return steps.map((step) =>
    isRecord(step) && typeof step['id'] === 'string' ? step['id'] : undefined,
  );
}

function buildJob(
  id: string,
  raw: unknown,
  sourceOf: (path: FieldPath, atKey?: boolean) => SourceLocation,
): Built<PipelineJob> {
  const path = ['jobs', id];
  const { data: job, problems } = parseLeniently(jobSchema, raw, path);
  const rawSteps = isRecord(raw) && Array.isArray(raw['steps']) ? (raw['steps'] as unknown[]) : [];
  const steps: PipelineStep[] = [];
  rawSteps.forEach((rawStep, index) => {
    const built = buildStep(rawStep, index, [...path, 'steps', index], sourceOf);
    problems.push(...built.problems);
    if (built.value !== undefined) steps.push(built.value);
  });
  if (job === undefined) return { value: undefined, problems };
  const value: PipelineJob = {
    id,
    name: job.name,
    needs: job.needs ?? [],
    if: job.if,
    env: job.env ?? {},
    timeoutMinutes: job['timeout-minutes'],
    container:
      job.container === undefined
        ? undefined
        : {
            image: job.container.image,
            env: job.container.env ?? {},
            options: job.container.options,
          },
    outputs: job.outputs ?? {},
    continueOnError: job['continue-on-error'] ?? false,
    steps,
    source: sourceOf(path, true),
  };
  return { value, problems };
}

export function buildTriggers(on: RawPipeline['on']): Triggers {
  const pullRequest = on.pull_request;
  const push = on.push;
  return {
    ...(pullRequest === undefined
      ? {}
      : {
          pullRequest: {
            types: pullRequest.types ?? [...defaultPullRequestTypes],
            branches: pullRequest.branches,
            branchesIgnore: pullRequest['branches-ignore'],
          },
        }),
    ...(push === undefined
      ? {}
      : {
          push: {
            branches: push.branches,
            branchesIgnore: push['branches-ignore'],
            tags: push.tags,
            tagsIgnore: push['tags-ignore'],
          },
        }),
    manual: on.manual !== undefined || on.workflow_dispatch !== undefined,
  };
}

export function buildConcurrency(concurrency: RawPipeline['concurrency']): Concurrency | undefined {
  if (concurrency === undefined) return undefined;
  return { group: concurrency.group, cancelInProgress: concurrency['cancel-in-progress'] ?? false };
}
