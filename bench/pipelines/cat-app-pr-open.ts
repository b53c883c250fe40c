// The cat app's pull-request pipeline (examples/cat-app/.slipway/pipelines/pr-open.yaml) run
// once on a copy of the app committed to a throwaway repository, as for a pull request opened
// against main; the run record says how long each job and step took. Skipped, with the reason,
// while the pipeline file does not exist.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cacheRoot, EnvFileSecretSource } from '../../src/pipeline/run/index.js';
import type { TriggerEvent } from '../../src/pipeline/index.js';
import { SqliteRunStore, type RunStatus } from '../../src/store/index.js';
import { BenchRepo } from './bench-repo.js';
import { timedRun } from './timed-run.js';

const catAppDir = join(import.meta.dirname, '..', '..', 'examples', 'cat-app');
const prOpenFile = '.slipway/pipelines/pr-open.yaml';

export type StepTime = {
  job: string;
  step: string;
  status: string;
  durationMs: number | undefined;
};

export type CatAppOutcome =
  | { readonly skipped: string }
  | {
      readonly wallMs: number;
      readonly status: RunStatus;
      readonly failures: string[];
      readonly jobs: { id: string; status: string; durationMs: number | undefined }[];
      readonly steps: StepTime[];
    };

const pullRequestOpened = (sha: string): TriggerEvent => ({
  kind: 'pull_request',
  action: 'opened',
  ref: 'refs/pull/1/head',
  branch: 'bench',
  baseBranch: 'main',
  sha,
  pr: { number: 1, title: 'bench', headSha: sha },
});

/** BENCH_SECRETS_FILE: an env file of the secrets the pipeline asks for, if it asks for any. */
async function secrets(repoDir: string): Promise<Record<string, string>> {
  const file = process.env['BENCH_SECRETS_FILE'];
  return file === undefined ? {} : new EnvFileSecretSource(file, repoDir).load();
}

export async function runCatAppPrOpen(): Promise<CatAppOutcome> {
  if (!existsSync(join(catAppDir, prOpenFile)))
    return { skipped: `examples/cat-app/${prOpenFile} does not exist yet: no cat app row` };
  const repo = await BenchRepo.create();
  const store = new SqliteRunStore(repo.scratch('runs.db'));
  try {
    await repo.copyFrom(catAppDir);
    const sha = await repo.commit();
    const text = await readFile(join(repo.path, prOpenFile), 'utf8');
    // The user's cache root, as `slipway pipeline run` uses: caches warm, runs kept there.
    const { wallMs, run } = await timedRun(text, prOpenFile, pullRequestOpened(sha), {
      store,
      repo: repo.path,
      cacheDir: cacheRoot(),
      secrets: await secrets(repo.path),
    });
    return {
      wallMs,
      status: run.status,
      failures: run.summary.failures,
      jobs: run.summary.jobs.map((j) => ({ id: j.id, status: j.status, durationMs: j.durationMs })),
      steps: run.summary.jobs.flatMap((j) =>
        j.steps.map((s) => ({
          job: j.id,
          step: s.name,
          status: s.status,
          durationMs: s.durationMs,
        })),
      ),
    };
  } finally {
    store.close();
    await repo.remove();
  }
}
