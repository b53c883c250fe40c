// Measures the local cluster's warm start (toolchain and images already built) to every node
// Ready, its stop, and the memory its processes hold once Ready. Prints a table and writes
// bench/results/cluster-start.json. It stops any running cluster first: run it on purpose.
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { clusterDown, clusterStatus, clusterUp } from '../src/cluster/index.js';

const runs = Number(process.env['BENCH_RUNS'] ?? '3');
const kwokNodes = 3;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? '0');
  return kb / 1024;
}

type Sample = {
  mode: 'fresh' | 'resume';
  upMs: number;
  readyAfterMs: number;
  downMs: number;
  rssMiB: Record<string, number>;
};

async function measure(mode: Sample['mode']): Promise<Sample> {
  const t0 = performance.now();
  const up = await clusterUp({ kwokNodes }, () => undefined);
  const upMs = performance.now() - t0;
  if (up.kind !== 'started') throw new Error('expected a stopped cluster before each run');
  const status = await clusterStatus();
  const rss: Record<string, number> = {};
  for (const c of status.components)
    if (c.pid !== undefined && c.alive) rss[c.name] = rssMiB(c.pid);
  const t1 = performance.now();
  await clusterDown({ keepState: mode === 'resume' });
  return {
    mode,
    upMs,
    readyAfterMs: up.record.readyAfterMs,
    downMs: performance.now() - t1,
    rssMiB: rss,
  };
}

const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

await clusterDown({ keepState: false });
const samples: Sample[] = [];
for (let i = 0; i < runs; i += 1) samples.push(await measure('fresh'));
for (let i = 0; i < runs; i += 1) samples.push(await measure('resume'));
await clusterDown({ keepState: false });

const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
const rows = (['fresh', 'resume'] as const).map((mode) => {
  const of = samples.filter((s) => s.mode === mode);
  const total = of.map((s) => Object.values(s.rssMiB).reduce((a, b) => a + b, 0));
  return {
    mode,
    runs: of.length,
    upToReadyMedianS: median(of.map((s) => s.upMs)) / 1000,
    downMedianS: median(of.map((s) => s.downMs)) / 1000,
    rssTotalMedianMiB: median(total),
  };
});
console.log(`cluster start, ${kwokNodes} kwok nodes + 1 real node, on ${machine}`);
console.log('mode    runs  up→all Ready (s)  down (s)  RSS of all components (MiB)');
for (const r of rows) {
  console.log(
    `${r.mode.padEnd(7)} ${String(r.runs).padStart(4)}  ${r.upToReadyMedianS.toFixed(1).padStart(16)}  ${r.downMedianS.toFixed(1).padStart(8)}  ${r.rssTotalMedianMiB.toFixed(0).padStart(27)}`,
  );
}
console.log(
  'peer: `kind create cluster` 12.5–17 s to a healthy API server (not nodes Ready), node image cached (kind issue #2893)',
);
const out = join(import.meta.dirname, 'results', 'cluster-start.json');
await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
await writeFile(
  out,
  JSON.stringify({ machine, date: new Date().toISOString(), rows, samples }, null, 2),
);
console.log(`wrote ${out}`);
