import type { PipelineJob } from './model.js';
import type { PipelineProblem } from './problems.js';
import { findCycles } from './dependency-cycles.js';
import { idPattern, type RawPipeline } from './schema.js';

/** The checks that look across fields: ids, `needs`, cycles, branch filters. */
export function structureProblems(
  top: RawPipeline | undefined,
  jobs: readonly PipelineJob[],
  jobIds: readonly string[],
): PipelineProblem[] {
  return [
    ...jobIdProblems(jobIds),
    ...needsProblems(jobs, jobIds),
    ...cycleProblems(jobs),
    ...jobs.flatMap(duplicateStepIds),
    ...(top === undefined ? [] : filterProblems(top)),
  ];
}

function jobIdProblems(jobIds: readonly string[]): PipelineProblem[] {
  return jobIds
    .filter((id) => !idPattern.test(id))
    .map((id) => ({
      path: ['jobs', id],
      message: `"${id}" is not a valid job id; start with a letter or _ and use only letters, digits, - and _`,
      atKey: true,
    }));
}

function needsProblems(jobs: readonly PipelineJob[], jobIds: readonly string[]): PipelineProblem[] {
  return jobs.flatMap((job) =>
    job.needs.flatMap((need, index) =>
      jobIds.includes(need)
        ? []
        : [
            {
              path: ['jobs', job.id, 'needs', index],
              message: `"${need}" is not a job in this file; the jobs are ${jobIds.join(', ')}`,
            },
          ],
    ),
  );
}

function cycleProblems(jobs: readonly PipelineJob[]): PipelineProblem[] {
  const graph = new Map(jobs.map((job) => [job.id, job.needs]));
  return findCycles(graph).map((cycle) => ({
    path: ['jobs', cycle[0] ?? '', 'needs'],
    message: `jobs need each other in a cycle (${cycle.join(' → ')}), so none of them could start; remove one of these needs`,
  }));
}

function duplicateStepIds(job: PipelineJob): PipelineProblem[] {
  const firstIndex = new Map<string, number>();
  return job.steps.flatMap((step) => {
    if (step.id === undefined) return [];
    const first = firstIndex.get(step.id);
    if (first === undefined) {
      firstIndex.set(step.id, step.index);
      return [];
    }
    return [
      {
        path: ['jobs', job.id, 'steps', step.index, 'id'],
        message: `"${step.id}" is already the id of steps[${first}]; step ids must be unique in a job`,
      },
    ];
  });
}

type FilterPair = readonly [
  string,
  readonly string[] | undefined,
  string,
  readonly string[] | undefined,
];

/** GitHub's rules: a filter and its `-ignore` twin exclude each other; `!` needs a positive pattern. */
function filterProblems(top: RawPipeline): PipelineProblem[] {
  const pairs: [string, FilterPair][] = [];
  const { pull_request: pullRequest, push } = top.on;
  if (pullRequest !== undefined) {
    pairs.push([
      'pull_request',
      ['branches', pullRequest.branches, 'branches-ignore', pullRequest['branches-ignore']],
    ]);
  }
  if (push !== undefined) {
    pairs.push(['push', ['branches', push.branches, 'branches-ignore', push['branches-ignore']]]);
    pairs.push(['push', ['tags', push.tags, 'tags-ignore', push['tags-ignore']]]);
  }
  return pairs.flatMap(([event, [name, patterns, ignoreName, ignore]]) => {
    const problems: PipelineProblem[] = [];
    if (patterns !== undefined && ignore !== undefined) {
      problems.push({
        path: ['on', event, ignoreName],
        message: `cannot be used together with \`${name}\`; put the exclusions in \`${name}\` with a leading !`,
        atKey: true,
      });
    }
    if (
      patterns !== undefined &&
      patterns.length > 0 &&
      patterns.every((pattern) => pattern.startsWith('!'))
    ) {
      problems.push({
        path: ['on', event, name],
        message:
          'has only ! patterns, which match nothing; add a pattern to include (e.g. "**") before them',
      });
    }
    return problems;
  });
}
