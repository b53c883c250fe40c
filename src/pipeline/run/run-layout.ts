import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';

// Where a run keeps its files, all under the cache and never in the repository:
// runs/<run-id>/jobs/<job>/workspace (the checkout), …/files (step scripts and command files),
// …/logs (one file per step), runs/<run-id>/artifacts, and pipeline-cache/<repo> for actions/cache.

/** ~/.cache/slipway, or $SLIPWAY_CACHE. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['SLIPWAY_CACHE'] ?? join(homedir(), '.cache', 'slipway');
}

export type JobLayout = {
  readonly dir: string;
  readonly workspace: string;
  readonly files: string;
  readonly logs: string;
  readonly temp: string;
};

export type RunLayout = {
  readonly dir: string;
  readonly artifacts: string;
  /** Shared by runs of the same repository. */
  readonly repoCache: string;
  /** Shared by every run (tool installs such as Python venvs). */
  readonly tools: string;
  readonly job: (jobId: string) => JobLayout;
};

export function runLayout(cache: string, runId: string, repo: string): RunLayout {
  const dir = join(cache, 'runs', runId);
  const repoKey = createHash('sha256').update(repo).digest('hex').slice(0, 16);
  return {
    dir,
    artifacts: join(dir, 'artifacts'),
    repoCache: join(cache, 'pipeline-cache', repoKey),
    tools: join(cache, 'pipeline-tools'),
    job: (jobId) => {
      const jobDir = join(dir, 'jobs', jobId);
      return {
        dir: jobDir,
        workspace: join(jobDir, 'workspace'),
        files: join(jobDir, 'files'),
        logs: join(jobDir, 'logs'),
        temp: join(jobDir, 'tmp'),
      };
    },
  };
}

/** A run id that sorts by time and that a person can type: 20260130-142501-7f3a. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const random = Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return `${stamp}-${random}`;
}
