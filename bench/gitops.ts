// Measures the GitOps engine the way Flux measures "mean time to production": N Applications,
// each a folder of one real Git repository, created at once and timed until every one is Synced
// and Healthy; then the CPU of a no-op resync of all N, and commit-to-applied latency of one app
// refreshed as a webhook would. The ApplicationController runs in this process beside the
// driver, so "controller" RSS and CPU include the driver's. Needs the local cluster running.
// Prints a table and writes bench/results/gitops.json.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, homedir, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { installSlipway } from '../src/gitops/index.js';
import { KubeRest, ObjectClient } from '../src/kube/index.js';
import { controlPlanePids } from './gitops/process-stats.js';
import { runSize, type SizeResult } from './gitops/run-size.js';

const kubeconfig = join(homedir(), '.cache', 'slipway', 'cluster', 'kubeconfig', 'admin.yaml');
if (process.env['KUBECONFIG'] === undefined && existsSync(kubeconfig))
  process.env['KUBECONFIG'] = kubeconfig;

const sizes = (process.env['BENCH_APPS'] ?? '100').split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error(`BENCH_APPS="${process.env['BENCH_APPS']}": give a comma list of app counts`);
const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? '16');
const webhookRuns = Number(process.env['BENCH_WEBHOOK_RUNS'] ?? '20');
const anchor =
  'Flux v2.9 kustomize-controller, 16-core runner: 1,000 in 4 min 13 s at 223 MiB peak ' +
  '(its published mean-time-to-production benchmark); target here: 1,000 in ≤ 60 s, ≤ 200 MiB';

const percentile = (xs: readonly number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

function row(r: SizeResult) {
  const latencies = r.webhook.map((w) => w.commitToAppliedMs);
  const seconds = r.allHealthyMs / 1000;
  return {
    apps: r.apps,
    concurrency: r.concurrency,
    allSyncedHealthyS: seconds,
    appsPerS: r.apps / seconds,
    controllerIdleMiB: r.baselineMiB.controller,
    controllerPeakMiB: r.peakMiB.controller,
    controlPlaneIdleMiB: r.baselineMiB.controlPlane,
    controlPlanePeakMiB: r.peakMiB.controlPlane,
    resyncControllerCpuS: r.resync.controllerCpuS,
    resyncGitCpuS: r.resync.gitCpuS,
    resyncControlPlaneCpuS: r.resync.controlPlaneCpuS,
    resyncWallS: (r.resync.wallMs ?? NaN) / 1000,
    webhookP50Ms: percentile(latencies, 50),
    webhookP90Ms: percentile(latencies, 90),
  };
}

const driver = new ObjectClient(await KubeRest.fromKubeConfig());
await installSlipway(driver);
const pids = controlPlanePids();
// The engine's Git mirrors and trees go here, not into the user's ~/.cache/slipway/git.
const cacheDir = await mkdtemp(join(tmpdir(), 'slipway-bench-cache-'));
const results: SizeResult[] = [];
try {
  for (const apps of sizes) {
    process.stderr.write(`gitops bench: ${apps} apps, concurrency ${concurrency}…\n`);
    results.push(
      await runSize(driver, { apps, concurrency, createBatch: 50, webhookRuns, cacheDir, pids }),
    );
    const last = results.at(-1);
    if (last && last.controllerWarnings.count > 0)
      process.stderr.write(`controller warnings: ${last.controllerWarnings.first.join('\n')}\n`);
  }
} finally {
  await rm(cacheDir, { recursive: true, force: true });
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
const rows = results.map(row);
const fixed = (x: number, digits: number, width: number): string =>
  (Number.isNaN(x) ? '—' : x.toFixed(digits)).padStart(width);
console.log(`GitOps engine, N Applications from one Git repo (file://), on ${machine}`);
console.log('controller = this process (driver included); the control plane shares the same cores');
console.log(
  '    N  conc  all Synced+Healthy (s)  apps/s  ctrl peak RSS MiB (idle)  apiserver+etcd peak RSS MiB (idle)  no-op resync CPU s (ctrl / git / apiserver+etcd)  webhook p50 / p90 (ms)',
);
for (const r of rows) {
  const cpu = `${r.resyncControllerCpuS.toFixed(1)} / ${r.resyncGitCpuS.toFixed(1)} / ${r.resyncControlPlaneCpuS.toFixed(1)}`;
  console.log(
    `${String(r.apps).padStart(5)}  ${String(r.concurrency).padStart(4)}  ${fixed(r.allSyncedHealthyS, 1, 22)}  ${fixed(r.appsPerS, 1, 6)}  ${`${r.controllerPeakMiB.toFixed(0)} (${r.controllerIdleMiB.toFixed(0)})`.padStart(24)}  ${`${r.controlPlanePeakMiB.toFixed(0)} (${r.controlPlaneIdleMiB.toFixed(0)})`.padStart(35)}  ${cpu.padStart(48)}  ${`${r.webhookP50Ms.toFixed(0)} / ${r.webhookP90Ms.toFixed(0)}`.padStart(22)}`,
  );
}
console.log(`peer: ${anchor}`);
const out = join(import.meta.dirname, 'results', 'gitops.json');
await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
await writeFile(
  out,
  JSON.stringify(
    {
      machine,
      date: new Date().toISOString(),
      anchor,
      settings: { concurrency, webhookRuns, pollIntervalMs: 600_000, listPollMs: 500 },
      rows,
      samples: results,
    },
    null,
    2,
  ),
);
console.log(`wrote ${out}`);
