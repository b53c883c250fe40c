import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePipeline, type Pipeline } from '../definition/index.js';
import { topologicalLevels } from './job-graph.js';
import { nextRunnableJobs, type JobStates } from './next-runnable.js';
import { planPipeline, type PipelinePlan } from './plan-pipeline.js';

function planOf(text: string): PipelinePlan {
  const decision = planPipeline(parsePipeline(text, '.slipway/pipelines/p.yaml'), {
    kind: 'push',
    ref: 'refs/heads/main',
    sha: 'abc',
  });
  if (!decision.triggered) throw new Error(decision.reason);
  return decision.plan;
}

const plan = planOf(`on: push
jobs:
  build: {steps: [{run: make}]}
  test: {needs: build, steps: [{run: test}]}
  deploy:
    needs: test
    if: github.ref == 'refs/heads/main' && needs.test.outputs.ok == 'yes'
    steps: [{run: ship}]
  cleanup: {needs: test, if: always(), steps: [{run: clean}]}
  report: {needs: test, if: failure(), steps: [{run: report}]}
  after-deploy: {needs: deploy, steps: [{run: x}]}
`);

describe('nextRunnableJobs', () => {
  it.each<[string, JobStates, string[], string[]]>([
    ['starts the jobs that need nothing', {}, ['build'], []],
    ['waits for running needs', { build: 'running' }, [], []],
    ['starts a job once its needs succeeded', { build: 'succeeded' }, ['test'], []],
    [
      'skips dependents of a failure unless their if asks for status',
      { build: 'failed' },
      [],
      ['test'],
    ],
    [
      'runs always() and failure() jobs after a failure',
      { build: 'succeeded', test: 'failed' },
      ['cleanup', 'report'],
      ['deploy'],
    ],
    [
      'skips failure() jobs when all went well and evaluates if',
      { build: 'succeeded', test: 'succeeded' },
      ['cleanup'],
      ['deploy', 'report'],
    ],
    [
      'skips the dependents of a skipped job',
      { build: 'succeeded', test: 'succeeded', deploy: 'skipped' },
      ['cleanup'],
      ['report', 'after-deploy'],
    ],
  ])('%s', (_case, states, start, skip) => {
    const next = nextRunnableJobs(plan, states);
    expect(next.start).toEqual(start);
    expect(next.skip.map((decision) => decision.job)).toEqual(skip);
  });

  it('reads needed jobs outputs in if', () => {
    const next = nextRunnableJobs(
      plan,
      { build: 'succeeded', test: 'succeeded' },
      { outputs: { test: { ok: 'yes' } } },
    );
    expect(next.start).toEqual(['deploy', 'cleanup']);
  });

  it('says why a job is skipped', () => {
    const next = nextRunnableJobs(plan, { build: 'failed' });
    expect(next.skip).toEqual([
      { job: 'test', reason: 'needed jobs did not succeed (build failure)' },
    ]);
  });

  it('starts only always() jobs once the run is cancelled', () => {
    const next = nextRunnableJobs(
      plan,
      { build: 'succeeded', test: 'succeeded' },
      { cancelled: true },
    );
    expect(next.start).toEqual(['cleanup']);
  });

  it('fails a job whose if cannot be evaluated, naming file, line and field', () => {
    const broken = planOf(
      "on: push\njobs:\n  a:\n    if: fromJSON('nope')\n    steps: [{run: x}]\n",
    );
    const { fail } = nextRunnableJobs(broken, {});
    expect(fail.map((decision) => decision.job)).toEqual(['a']);
    expect(fail[0]?.reason).toMatch(
      /^\.slipway\/pipelines\/p\.yaml:3 jobs\.a\.if: fromJSON\(\) was given text that is not JSON/,
    );
  });

  it('finishes any DAG: every job starts or is skipped exactly once (property)', () => {
    const dag = fc.array(fc.array(fc.nat(), { maxLength: 3 }), { minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(
        dag,
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        (needsByJob, outcomes) => {
          const jobs = needsByJob.map((needs, index) => {
            const earlier = [...new Set(needs.filter((need) => need < index))].map(
              (need) => `j${need}`,
            );
            return `  j${index}: {needs: [${earlier.join(', ')}], steps: [{run: x}]}`;
          });
          const dagPlan = planOf(`on: push\njobs:\n${jobs.join('\n')}\n`);
          const states: Record<string, JobStates[string]> = {};
          const seen: string[] = [];
          for (let round = 0; round < needsByJob.length + 1; round += 1) {
            const next = nextRunnableJobs(dagPlan, states);
            for (const job of next.start)
              states[job] = outcomes[Number(job.slice(1))] ? 'succeeded' : 'failed';
            for (const { job } of next.skip) states[job] = 'skipped';
            seen.push(...next.start, ...next.skip.map((decision) => decision.job));
          }
          expect([...seen].sort()).toEqual(dagPlan.pipeline.jobs.map((job) => job.id).sort());
        },
      ),
    );
  });
});

describe('topologicalLevels', () => {
  it('puts every job after all it needs (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.nat(), { maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        (needsByJob) => {
          const jobs = needsByJob.map((needs, index) => ({
            id: `j${index}`,
            needs: [...new Set(needs.filter((need) => need < index))].map((need) => `j${need}`),
          })) as unknown as Pipeline['jobs'];
          const levelOf = new Map<string, number>();
          topologicalLevels(jobs).forEach((level, depth) =>
            level.forEach((id) => levelOf.set(id, depth)),
          );
          for (const job of jobs) {
            for (const need of job.needs)
              expect(levelOf.get(need)).toBeLessThan(levelOf.get(job.id) ?? -1);
          }
        },
      ),
    );
  });
});
