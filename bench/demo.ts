// Measures the demo's release path: runs `npm run demo` unattended (the cluster must be up or
// startable; an earlier demo is cleared first), prints its stages and the merge → canary
// breakdown, writes bench/results/demo-<date>.json, then stops Slipway and the Git host (the
// cluster stays up). BENCH_RUNS=N repeats it; each run is a fresh demo.
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { demoDown, runDemo, type DemoResult } from '../src/demo/index.js';

const runs = Number(process.env['BENCH_RUNS'] ?? '1');
const output = { write: (t: string) => process.stdout.write(t), isTTY: false };
const results: DemoResult[] = [];
for (let i = 0; i < runs; i += 1) {
  results.push(await runDemo({ autoPromote: false, output }));
  await demoDown(output, true);
}

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};
const timelines = results.flatMap((r) => (r.mergeToCanary === undefined ? [] : [r.mergeToCanary]));
const stages = timelines[0]?.rows.map((row) => row.stage) ?? [];
process.stdout.write(
  '\nmerge → canary at 20%, median of ' + String(timelines.length) + ' run(s)\n',
);
for (const stage of stages) {
  const ms = median(timelines.map((t) => t.rows.find((r) => r.stage === stage)?.ms ?? 0));
  process.stdout.write(`  ${stage.padEnd(50)} ${seconds(ms).padStart(6)} s\n`);
}
process.stdout.write(
  `  ${'total'.padEnd(50)} ${seconds(median(timelines.map((t) => t.totalMs))).padStart(6)} s\n`,
);

const date = new Date().toISOString().slice(0, 10);
const out = join(import.meta.dirname, 'results', `demo-${date}.json`);
await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
await writeFile(
  out,
  `${JSON.stringify({ machine: { cpus: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30) }, runs: results }, null, 2)}\n`,
);
process.stdout.write(`wrote ${out}\n`);
