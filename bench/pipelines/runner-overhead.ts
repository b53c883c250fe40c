// The runner's own cost: a one-job pipeline of one `run: "true"` step, run N times in this
// process and N times through the compiled CLI, against bash running the same script alone;
// and a 20-job DAG of such jobs at two parallelisms. Each job clones the repository, as always.
import { join } from 'node:path';
import { SqliteRunStore, type RunRecord } from '../../src/store/index.js';
import { BenchRepo } from './bench-repo.js';
import { dagPipeline, noopPipeline } from './pipeline-yaml.js';
import { bashAloneMs, manualEvent, spawnWallMs, timedRun, type RunSetup } from './timed-run.js';

const slipway = join(import.meta.dirname, '..', '..', 'bin', 'slipway.js');
const noopFile = '.slipway/pipelines/noop.yaml';
const dagFile = '.slipway/pipelines/dag.yaml';

export type NoopSample = {
  wallMs: number;
  /** The job's own duration: clone and checkout, the step, the job's bookkeeping. */
  jobMs: number;
  /** The step's recorded duration (script file, env, bash, command files). */
  stepMs: number;
};

export type DagSample = { wallMs: number; jobsMs: number[]; status: string };

export type OverheadResult = {
  noop: NoopSample[];
  cliWallMs: number[];
  bashMs: number[];
  dag: { parallelism: number; jobs: number; samples: DagSample[] }[];
};

function noopSample(wallMs: number, run: RunRecord): NoopSample {
  const job = run.summary.jobs[0];
  if (run.status !== 'succeeded' || job === undefined)
    throw new Error(`the no-op run ${run.status}: ${run.summary.failures.join('; ')}`);
  return { wallMs, jobMs: job.durationMs ?? NaN, stepMs: job.steps[0]?.durationMs ?? NaN };
}

export async function measureOverhead(options: {
  runs: number;
  dagRuns: number;
  dagLevels: readonly number[];
  parallelisms: readonly number[];
}): Promise<OverheadResult> {
  const repo = await BenchRepo.create();
  const store = new SqliteRunStore(repo.scratch('runs.db'));
  const dag = dagPipeline(options.dagLevels);
  try {
    const sha = await repo.commit({ [noopFile]: noopPipeline, [dagFile]: dag });
    const setup: RunSetup = { store, repo: repo.path, cacheDir: repo.scratch('cache') };
    await timedRun(noopPipeline, noopFile, manualEvent(sha), setup); // warm-up, not counted
    const noop: NoopSample[] = [];
    for (let i = 0; i < options.runs; i += 1) {
      const { wallMs, run } = await timedRun(noopPipeline, noopFile, manualEvent(sha), setup);
      noop.push(noopSample(wallMs, run));
    }
    const bashMs = await bashAloneMs(repo.dir, options.runs * 2);
    const cliWallMs: number[] = [];
    const cliEnv = { ...process.env, SLIPWAY_CACHE: repo.scratch('cli-cache') };
    const cliArgs = [slipway, 'pipeline', 'run', '--repo', repo.path, '--event', 'manual'];
    for (let i = 0; i < options.runs; i += 1) {
      const { ms, code } = await spawnWallMs(
        process.execPath,
        [...cliArgs, '--pipeline', 'noop'],
        cliEnv,
      );
      if (code !== 0) throw new Error(`slipway pipeline run (no-op) exited ${code}`);
      cliWallMs.push(ms);
    }
    const dagResults: OverheadResult['dag'] = [];
    for (const parallelism of options.parallelisms) {
      const samples: DagSample[] = [];
      for (let i = 0; i < options.dagRuns; i += 1) {
        const { wallMs, run } = await timedRun(dag, dagFile, manualEvent(sha), {
          ...setup,
          parallelism,
        });
        const jobsMs = run.summary.jobs.map((j) => j.durationMs ?? NaN);
        samples.push({ wallMs, jobsMs, status: run.status });
      }
      const jobs = options.dagLevels.reduce((a, b) => a + b, 0);
      dagResults.push({ parallelism, jobs, samples });
    }
    return { noop, cliWallMs, bashMs, dag: dagResults };
  } finally {
    store.close();
    await repo.remove();
  }
}
