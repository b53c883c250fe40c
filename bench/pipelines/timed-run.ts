// One pipeline run, in this process, as `slipway pipeline run` makes it (the same step actions,
// a SQLite store on disk), timed from the call to the stored record, with the record's own
// job and step durations to say where the time went.
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parsePipeline, planPipeline, type TriggerEvent } from '../../src/pipeline/index.js';
import {
  nativePostStepActions,
  nativeStepActions,
  runPipeline,
} from '../../src/pipeline/run/index.js';
import { defaultStepActions } from '../../src/pipeline/steps/index.js';
import type { RunRecord, RunStore } from '../../src/store/index.js';

export type TimedRun = { readonly wallMs: number; readonly run: RunRecord };

export type RunSetup = {
  readonly store: RunStore;
  readonly repo: string;
  /** Root of run folders and caches. */
  readonly cacheDir: string;
  readonly parallelism?: number;
  readonly secrets?: Readonly<Record<string, string>>;
};

export const manualEvent = (sha: string): TriggerEvent => ({
  kind: 'manual',
  ref: 'refs/heads/main',
  sha,
});

export async function timedRun(
  text: string,
  file: string,
  event: TriggerEvent,
  setup: RunSetup,
): Promise<TimedRun> {
  const decision = planPipeline(parsePipeline(text, file), event);
  if (!decision.triggered)
    throw new Error(`${file} does not run for this event: ${decision.reason}`);
  const t0 = performance.now();
  const run = await runPipeline(
    decision.plan,
    {
      store: setup.store,
      actions: { ...nativeStepActions, ...defaultStepActions() },
      postActions: nativePostStepActions,
      secrets: setup.secrets ?? {},
    },
    { repo: setup.repo, cacheDir: setup.cacheDir, parallelism: setup.parallelism },
  );
  return { wallMs: performance.now() - t0, run };
}

/** Wall time of a child process, from spawn to exit. */
export function spawnWallMs(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ ms: number; code: number | null }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore', env });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ms: performance.now() - t0, code }));
  });
}

/** What the step's own work costs: the runner's bash line on a script holding `true`. */
export async function bashAloneMs(dir: string, runs: number): Promise<number[]> {
  const script = join(dir, 'noop.sh');
  await writeFile(script, 'true\n');
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const { ms } = await spawnWallMs('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script]);
    times.push(ms);
  }
  return times;
}
