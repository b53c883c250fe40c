// Measures the Rollout controller under a fleet: N Rollouts (200 by default) with pods on the
// kwok nodes, all going through a 5-step canary with 1 s pauses at once. Times the first deploy
// and the canary of every Rollout after one template change, and reads the compiled
// controller's CPU and memory from /proc (it runs in its own process, as users run it).
// Adds kwok nodes when the pods would not fit, and puts their count back afterwards.
// Needs the local cluster running and `npm run build`. Prints a table and writes
// bench/results/rollouts-<date>.json.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, homedir, totalmem } from 'node:os';
import { join } from 'node:path';
import { installSlipway } from '../src/gitops/index.js';
import { KubeRest, ObjectClient } from '../src/kube/index.js';
import { controlPlanePids } from './gitops/process-stats.js';
import { kwokCapacity, kwokNodesFor, setKwokNodes } from './rollouts/kwok-capacity.js';
import { removeNamespace } from './rollouts/rollout-fleet.js';
import { runFleet, type FleetResult } from './rollouts/run-fleet.js';

const kubeconfig = join(homedir(), '.cache', 'slipway', 'cluster', 'kubeconfig', 'admin.yaml');
if (process.env['KUBECONFIG'] === undefined && existsSync(kubeconfig))
  process.env['KUBECONFIG'] = kubeconfig;

const whole = (name: string, fallback: string): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name}="${process.env[name]}": give a whole number of at least 1`);
  return value;
};
const rollouts = whole('BENCH_ROLLOUTS', '200');
const replicas = whole('BENCH_REPLICAS', '1');
const concurrency =
  process.env['BENCH_CONCURRENCY'] === undefined ? undefined : whole('BENCH_CONCURRENCY', '16');
const namespace = `bench-rollouts-${rollouts}`;
const anchor =
  'Argo Rollouts publishes no fleet-canary time or CPU per step; for context its controller ' +
  'defaults to 10 Rollout worker threads and a 15 min resync (DefaultRolloutThreads, ' +
  'DefaultRolloutResyncPeriod in github.com/argoproj/argo-rollouts/controller, v1.8.2)';

const client = new ObjectClient(KubeRest.fromConnection());
await installSlipway(client);
const pids = controlPlanePids();

// Each Rollout holds its replicas plus its surge (25%, rounded up) while its canary runs.
const podsNeeded = rollouts * (replicas + Math.ceil(replicas * 0.25));
const capacity = await kwokCapacity(client);
const kwokNodes = kwokNodesFor(podsNeeded, capacity);
process.once('SIGINT', () => {
  process.stderr.write('interrupted: removing the bench namespace…\n');
  void removeNamespace(client, namespace)
    .then(() => (kwokNodes > capacity.nodes ? setKwokNodes(capacity.nodes) : undefined))
    .finally(() => process.exit(130));
});
let result: FleetResult;
try {
  if (kwokNodes > capacity.nodes) await setKwokNodes(kwokNodes);
  process.stderr.write(
    `rollouts bench: ${rollouts} Rollouts × ${replicas} replica(s) in ${namespace}, ${kwokNodes} kwok nodes…\n`,
  );
  result = await runFleet(client, { rollouts, replicas, concurrency, namespace, pids });
  // Another session's `cluster up` (an integration run's global setup) can change the count.
  const after = await kwokCapacity(client);
  if (after.nodes < kwokNodes)
    console.log(`WARNING: only ${after.nodes} kwok nodes at the end, not ${kwokNodes}`);
} finally {
  if (kwokNodes > capacity.nodes) await setKwokNodes(capacity.nodes);
}

const s = (ms: number): string => (ms / 1000).toFixed(1);
const percentile = (xs: readonly number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const { update, deploy } = result;
const rolloutSteps = result.rollouts * result.steps;
const row = {
  rollouts: result.rollouts,
  replicas: result.replicas,
  steps: result.steps,
  kwokNodes,
  firstDeployAllHealthyS: deploy.allHealthyMs / 1000,
  updateAllHealthyS: update.allHealthyMs / 1000,
  updatePerRolloutP50S: percentile(update.perRolloutMs, 50) / 1000,
  updatePerRolloutP90S: percentile(update.perRolloutMs, 90) / 1000,
  updateControllerCpuS: update.controllerCpuS,
  cpuMsPerRolloutStep: (update.controllerCpuS * 1000) / rolloutSteps,
  updateControlPlaneCpuS: update.controlPlaneCpuS,
  rolloutWritesPerRollout: update.rolloutUpdates / result.rollouts,
  deployControllerCpuS: deploy.controllerCpuS,
  idleCpuMsPerS: result.idleCpuSPerS * 1000,
  rssIdleMiB: result.rssMiB.idle,
  rssPeakUpdateMiB: result.rssMiB.peakUpdate,
  rssVmHwmMiB: result.rssMiB.vmHwm,
  controlPlanePeakMiB: result.controlPlanePeakMiB,
};

const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
const table: [string, string][] = [
  ['Rollouts × replicas, canary steps', `${rollouts} × ${replicas}, ${result.steps} steps`],
  ['kwok nodes (110 pods each)', `${kwokNodes} (${capacity.nodes} before)`],
  ['first deploy: create → all Healthy', `${s(deploy.allHealthyMs)} s`],
  ['canary: template change → all Healthy at it', `${s(update.allHealthyMs)} s`],
  [
    '  per Rollout p50 / p90 (2 s of pauses)',
    `${row.updatePerRolloutP50S.toFixed(1)} / ${row.updatePerRolloutP90S.toFixed(1)} s`,
  ],
  [
    '  median time Rollouts reached step 0…5 (— passed within one reconcile)',
    update.medianStepSeenMs.map((ms) => (Number.isNaN(ms) ? '—' : s(ms))).join(', ') + ' s',
  ],
  ['controller CPU during the canary', `${update.controllerCpuS.toFixed(2)} s`],
  [`  per Rollout step (÷ ${rolloutSteps})`, `${row.cpuMsPerRolloutStep.toFixed(2)} ms`],
  ['controller CPU during the first deploy', `${deploy.controllerCpuS.toFixed(2)} s`],
  ['controller CPU idle', `${row.idleCpuMsPerS.toFixed(1)} ms/s`],
  ['apiserver + etcd CPU during the canary', `${update.controlPlaneCpuS.toFixed(1)} s`],
  ['Rollout writes seen per Rollout (canary)', row.rolloutWritesPerRollout.toFixed(1)],
  [
    'controller RSS idle / peak in canary / VmHWM',
    `${row.rssIdleMiB.toFixed(0)} / ${row.rssPeakUpdateMiB.toFixed(0)} / ${row.rssVmHwmMiB.toFixed(0)} MiB`,
  ],
  ['apiserver + etcd peak RSS', `${row.controlPlanePeakMiB.toFixed(0)} MiB`],
];
console.log(`Rollout controller: ${rollouts} canaries at once, on ${machine}`);
const width = Math.max(...table.map(([k]) => k.length));
for (const [k, v] of table) console.log(`${k.padEnd(width)}  ${v}`);
console.log(
  `controller: the compiled \`slipway controller --controllers rollouts\`, concurrency ${concurrency ?? 'default (16)'}`,
);
console.log('the control plane and the kwok nodes share the same cores');
if (result.controller.warnings > 0)
  console.log(
    `controller warnings: ${result.controller.warnings}\n${result.controller.firstWarnings.join('\n')}`,
  );
console.log(`peer: ${anchor}`);
const date = new Date().toISOString().slice(0, 10);
const out = join(import.meta.dirname, 'results', `rollouts-${date}.json`);
await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
await writeFile(
  out,
  JSON.stringify(
    { machine, date: new Date().toISOString(), anchor, row, result, kwokNodesBefore: capacity },
    null,
    2,
  ),
);
console.log(`wrote ${out}`);
