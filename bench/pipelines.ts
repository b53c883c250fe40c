// Measures the pipeline runner's own cost: the overhead of a no-op step (a one-job pipeline of
// `run: "true"`, N times, in this process and through the CLI, against bash alone), a 20-job DAG
// of no-op jobs at parallelism 2 and 4, and the cat app's pr-open pipeline broken down by step
// (skipped while examples/cat-app/.slipway/pipelines/pr-open.yaml does not exist). Prints a table
// and writes bench/results/pipelines-<date>.json.
import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { runCatAppPrOpen } from './pipelines/cat-app-pr-open.js';
import { measureOverhead } from './pipelines/runner-overhead.js';

// The cluster's KUBECONFIG and SLIPWAY_REGISTRY, for the cat app's steps, unless already set.
try {
  const env = execFileSync(
    process.execPath,
    [join(import.meta.dirname, '..', 'bin', 'slipway.js'), 'cluster', 'env'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  for (const [, name = '', value = ''] of env.matchAll(/^export (\w+)=(.*)$/gm))
    process.env[name] ??= value;
} catch {
  // No cluster: the no-op rows need none.
}

const runs = Number(process.env['BENCH_RUNS'] ?? '10');
const dagRuns = Number(process.env['BENCH_DAG_RUNS'] ?? '3');
const dagLevels = [1, 6, 6, 6, 1];
const anchor =
  'GitHub Actions hosted runners: a job of one `echo` on ubuntu-latest lasts 6–12 s end to end ' +
  '("the runner boot plus one echo", bamr87/it-journey PR #616); one job log shows 7 s from ' +
  '"Waiting for a runner" to "about to start running on the hosted runner" (actions/runner #2609)';

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
const median = (xs: readonly number[]): number =>
  sorted(xs)[Math.floor((xs.length - 1) / 2)] ?? NaN;
const ms = (x: number): string => `${x.toFixed(0)} ms`;

process.stderr.write(
  `pipelines bench: no-op × ${runs}, DAG × ${dagRuns} at parallelism 2 and 4…\n`,
);
const overhead = await measureOverhead({ runs, dagRuns, dagLevels, parallelisms: [2, 4] });
process.stderr.write('pipelines bench: the cat app pr-open…\n');
const catApp = await runCatAppPrOpen();

const noop = {
  wallMs: median(overhead.noop.map((s) => s.wallMs)),
  jobMs: median(overhead.noop.map((s) => s.jobMs)),
  stepMs: median(overhead.noop.map((s) => s.stepMs)),
  bashMs: median(overhead.bashMs),
  cliWallMs: median(overhead.cliWallMs),
};
const rows = {
  noopWallMs: noop.wallMs,
  noopWallMinMaxMs: [
    Math.min(...overhead.noop.map((s) => s.wallMs)),
    Math.max(...overhead.noop.map((s) => s.wallMs)),
  ],
  noopOverheadMs: noop.wallMs - noop.bashMs,
  noopJobMs: noop.jobMs,
  noopSetupMs: noop.jobMs - noop.stepMs,
  noopStepMs: noop.stepMs,
  bashAloneMs: noop.bashMs,
  noopCliWallMs: noop.cliWallMs,
  noopCliOverheadMs: noop.cliWallMs - noop.bashMs,
  dag: overhead.dag.map((d) => ({
    parallelism: d.parallelism,
    jobs: d.jobs,
    wallMs: median(d.samples.map((s) => s.wallMs)),
    medianJobMs: median(d.samples.flatMap((s) => s.jobsMs)),
    statuses: [...new Set(d.samples.map((s) => s.status))],
  })),
};

const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
const table: [string, string][] = [
  [`no-op pipeline, in process: wall (median of ${runs})`, ms(rows.noopWallMs)],
  ['  of which the job (clone + checkout + step)', ms(rows.noopJobMs)],
  ['  of which clone + checkout + job bookkeeping', ms(rows.noopSetupMs)],
  ['  of which the step as recorded', ms(rows.noopStepMs)],
  ['  bash alone on the same script', ms(rows.bashAloneMs)],
  ['  runner overhead (wall − bash)', ms(rows.noopOverheadMs)],
  [`no-op pipeline via \`slipway pipeline run\` (median of ${runs})`, ms(rows.noopCliWallMs)],
  ...rows.dag.map((d): [string, string] => [
    `${d.jobs}-job DAG (levels ${dagLevels.join('-')}), parallelism ${d.parallelism}`,
    `${ms(d.wallMs)} (median of ${dagRuns}; median job ${ms(d.medianJobMs)}; ${d.statuses.join(', ')})`,
  ]),
];
if ('skipped' in catApp) table.push(['cat app pr-open', `SKIPPED — ${catApp.skipped}`]);
else {
  table.push([`cat app pr-open (${catApp.status})`, `${(catApp.wallMs / 1000).toFixed(1)} s`]);
  for (const s of catApp.steps)
    table.push([
      `  ${s.job} / ${s.step}`,
      `${s.durationMs === undefined ? '—' : ms(s.durationMs)} ${s.status}`,
    ]);
}
console.log(`Pipeline runner on ${machine}`);
const width = Math.max(...table.map(([k]) => k.length));
for (const [k, v] of table) console.log(`${k.padEnd(width)}  ${v}`);
if (!('skipped' in catApp)) for (const f of catApp.failures) console.log(`  ✗ ${f}`);
console.log(`peer: ${anchor}`);
const date = new Date().toISOString().slice(0, 10);
const out = join(import.meta.dirname, 'results', `pipelines-${date}.json`);
await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
await writeFile(
  out,
  JSON.stringify(
    {
      machine,
      date: new Date().toISOString(),
      anchor,
      settings: { runs, dagRuns, dagLevels },
      rows,
      catApp,
      samples: overhead,
    },
    null,
    2,
  ),
);
console.log(`wrote ${out}`);
