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
import { benchNamespace, removeNamespace, runSize, type SizeResult } from './gitops/run-size.js';

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
  return {
    apps: r.apps,
    concurrency: r.concurrency,
    allSyncedHealthyS: r.sync.allHealthyMs / 1000,
    appsPerS: r.apps / (r.sync.allHealthyMs / 1000),
    allSyncedS: r.sync.allSyncedMs / 1000,
    allDeploymentsObservedS: r.sync.allDeploymentsObservedMs / 1000,
    reconcilesPerApp: r.sync.reconciles / r.apps,
    controllerIdleMiB: r.baselineMiB.controller,
    controllerPeakMiB: r.peakMiB.controller,
    controlPlaneIdleMiB: r.baselineMiB.controlPlane,
    controlPlanePeakMiB: r.peakMiB.controlPlane,
    resyncControllerCpuS: r.resync.controllerCpuS - r.resync.pollCpuEstimateS,
    resyncGitCpuS: r.resync.gitCpuS,
    resyncControlPlaneCpuS: r.resync.controlPlaneCpuS,
    resyncWallS: r.resync.wallMs / 1000,
    webhookP50Ms: percentile(latencies, 50),
    webhookP90Ms: percentile(latencies, 90),
  };
}

const driver = new ObjectClient(KubeRest.fromConnection());
await installSlipway(driver);
const pids = controlPlanePids();
// The engine's Git mirrors and trees go here, not into the user's ~/.cache/slipway/git.
const cacheDir = await mkdtemp(join(tmpdir(), 'slipway-bench-cache-'));
// Ctrl-C in a long run: remove the namespaces and the Git cache before leaving.
process.once('SIGINT', () => {
  process.stderr.write('interrupted: removing the bench namespaces…\n');
  void Promise.allSettled(sizes.map((n) => removeNamespace(driver, benchNamespace(n))))
    .then(() => rm(cacheDir, { recursive: true, force: true }))
    .finally(() => process.exit(130));
});
const results: SizeResult[] = [];
const failures: { apps: number; error: string }[] = [];
try {
  for (const apps of sizes) {
    process.stderr.write(`gitops bench: ${apps} apps, concurrency ${concurrency}…\n`);
    try {
      const options = { apps, concurrency, createBatch: 50, webhookRuns, cacheDir, pids };
      const result = await runSize(driver, options);
      results.push(result);
      if (result.controller.warnings > 0)
        process.stderr.write(
          `controller warnings: ${result.controller.firstWarnings.join('\n')}\n`,
        );
    } catch (error) {
      // One size failing (a timeout at 1,000) still leaves the others' numbers.
      process.stderr.write(`gitops bench: ${apps} apps failed: ${String(error)}\n`);
      failures.push({ apps, error: String(error) });
    }
  }
} finally {
  await rm(cacheDir, { recursive: true, force: true });
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
const rows = results.map(row);
const columns: [string, number][] = [
  ['N', 5],
  ['conc', 4],
  ['all Synced+Healthy s', 20],
  ['apps/s', 6],
  ['all Synced s', 12],
  ['ctrl RSS MiB peak (idle)', 24],
  ['apiserver+etcd RSS MiB peak (idle)', 34],
  ['no-op resync CPU s ctrl / git / apiserver+etcd', 46],
  ['webhook p50 / p90 ms', 20],
];
const line = (cells: string[]): string =>
  cells.map((c, i) => c.padStart(columns[i]?.[1] ?? 0)).join('  ');
console.log(`GitOps engine: N Applications from one Git repo (file://), on ${machine}`);
console.log(line(columns.map(([title]) => title)));
for (const r of rows) {
  console.log(
    line([
      String(r.apps),
      String(r.concurrency),
      r.allSyncedHealthyS.toFixed(1),
      r.appsPerS.toFixed(1),
      r.allSyncedS.toFixed(1),
      `${r.controllerPeakMiB.toFixed(0)} (${r.controllerIdleMiB.toFixed(0)})`,
      `${r.controlPlanePeakMiB.toFixed(0)} (${r.controlPlaneIdleMiB.toFixed(0)})`,
      [r.resyncControllerCpuS, r.resyncGitCpuS, r.resyncControlPlaneCpuS]
        .map((x) => x.toFixed(1))
        .join(' / '),
      `${r.webhookP50Ms.toFixed(0)} / ${r.webhookP90Ms.toFixed(0)}`,
    ]),
  );
}
console.log(
  process.env['BENCH_CONTROLLER'] === 'process'
    ? 'ctrl = the compiled `slipway controller` in its own process (BENCH_CONTROLLER=process); refreshes via the annotation'
    : 'ctrl = this process: the in-process controller and the benchmark driver, under tsx',
);
console.log("no-op resync ctrl CPU leaves out the driver's own list polls (one idle poll × polls)");
console.log('the control plane (kube-apiserver, etcd, controller-manager) shares the same cores');
console.log(
  `Healthy waits on the cluster's deployment controller; it had observed every Deployment after ${rows.map((r) => `${r.allDeploymentsObservedS.toFixed(1)} s`).join(', ')}`,
);
for (const f of failures) console.log(`${f.apps} apps: FAILED — ${f.error}`);
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
      failures,
      samples: results,
    },
    null,
    2,
  ),
);
console.log(`wrote ${out}`);
if (failures.length > 0) process.exitCode = 1;
