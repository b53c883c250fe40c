// One run of the Rollouts benchmark: a namespace, the controller in its own process watching only
// it, N Rollouts created at once until all are Healthy, then every template changed at once and
// timed until all are Healthy again at the new template, with the controller's CPU and memory
// read from /proc. Everything it creates is deleted before it returns.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ObjectClient } from '../../src/kube/index.js';
import { cpuSeconds, RssSampler } from '../gitops/process-stats.js';
import {
  canarySteps,
  changeTemplates,
  createNamespace,
  createRollouts,
  removeNamespace,
  rolloutName,
} from './rollout-fleet.js';
import { healthyAtSpec, RolloutWatcher, type PhaseResult } from './rollout-watcher.js';
import {
  peakRssMiB,
  RolloutsControllerProcess,
  type ControllerLog,
} from './rollouts-controller.js';

export type FleetOptions = {
  readonly rollouts: number;
  readonly replicas: number;
  /** --concurrency for the controller; its default (16) when undefined. */
  readonly concurrency: number | undefined;
  readonly namespace: string;
  readonly pids: { apiserver: number; etcd: number };
};

export type PhaseFigures = {
  /** ms from the first write until every Rollout was seen Healthy at its new spec. */
  allHealthyMs: number;
  /** Per Rollout: ms from the phase's start until it was first seen so. */
  perRolloutMs: number[];
  controllerCpuS: number;
  controlPlaneCpuS: number;
  /** Rollout changes the driver's watch saw: the controller's status writes, and the spec writes. */
  rolloutUpdates: number;
  /** Median ms after the change at which Rollouts were first seen at step 0, 1, … */
  medianStepSeenMs: number[];
};

export type FleetResult = {
  rollouts: number;
  replicas: number;
  steps: number;
  concurrency: number | 'default';
  deploy: PhaseFigures;
  update: PhaseFigures;
  /** Controller CPU per second while nothing changed, between the two phases. */
  idleCpuSPerS: number;
  rssMiB: { idle: number; peakDeploy: number; peakUpdate: number; vmHwm: number };
  controlPlanePeakMiB: number;
  controller: ControllerLog;
};

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN;
};

function phaseFigures(
  result: PhaseResult,
  names: readonly string[],
  cpu: { controller: number; controlPlane: number },
): PhaseFigures {
  const stepIndexes = Array.from({ length: canarySteps.length + 1 }, (_, i) => i);
  return {
    allHealthyMs: result.allPassedMs ?? NaN,
    perRolloutMs: names.map((n) => result.passedMs.get(n) ?? NaN),
    controllerCpuS: cpu.controller,
    controlPlaneCpuS: cpu.controlPlane,
    rolloutUpdates: result.updates,
    medianStepSeenMs: stepIndexes.map((i) =>
      median(
        [...result.stepSeenMs.values()]
          .map((seen) => seen.get(i))
          .filter((ms): ms is number => ms !== undefined),
      ),
    ),
  };
}

type Meters = {
  readonly controllerPid: number;
  readonly pids: FleetOptions['pids'];
};

const cpuNow = (m: Meters) => ({
  controller: cpuSeconds(m.controllerPid),
  controlPlane: cpuSeconds(m.pids.apiserver) + cpuSeconds(m.pids.etcd),
});

/** Runs `act`, then waits for every Rollout to pass `check`; the CPU spent meanwhile. */
async function timedPhase(
  watcher: RolloutWatcher,
  names: readonly string[],
  meters: Meters,
  check: Parameters<RolloutWatcher['begin']>[0],
  act: () => Promise<void>,
  timeoutMs: number,
): Promise<PhaseFigures> {
  const cpu0 = cpuNow(meters);
  watcher.begin(check);
  await act();
  const result = await watcher.untilAll(names, timeoutMs);
  const cpu1 = cpuNow(meters);
  if (result.allPassedMs === undefined)
    throw new Error(`not all Rollouts got there in ${timeoutMs} ms: ${watcher.behind(names)}`);
  return phaseFigures(result, names, {
    controller: cpu1.controller - cpu0.controller,
    controlPlane: cpu1.controlPlane - cpu0.controlPlane,
  });
}

export async function runFleet(client: ObjectClient, options: FleetOptions): Promise<FleetResult> {
  const { namespace, rollouts: n } = options;
  const names = Array.from({ length: n }, (_, i) => rolloutName(i));
  await removeNamespace(client, namespace);
  await createNamespace(client, namespace);
  const controller = new RolloutsControllerProcess(namespace, options.concurrency);
  const watcher = new RolloutWatcher(client, namespace);
  controller.start();
  const meters = { controllerPid: controller.pid, pids: options.pids };
  const sampler = new RssSampler(options.pids, 100, controller.pid);
  try {
    await sleep(3000); // the controller's list-then-watch in place; its idle memory
    const idleMiB = sampler.peaks().selfMiB;
    const deployStartMs = sampler.elapsedMs;
    const deploy = await timedPhase(
      watcher,
      names,
      meters,
      healthyAtSpec,
      () => createRollouts(client, namespace, names, options.replicas),
      300_000 + n * 600,
    );
    const peakDeploy = sampler.peaks(deployStartMs).selfMiB;
    await sleep(3000); // the last requeues drain
    const idle0 = cpuSeconds(controller.pid);
    await sleep(5000);
    const idleCpuSPerS = (cpuSeconds(controller.pid) - idle0) / 5;
    const firstHash = new Map(
      names.map((name) => [name, watcher.latest.get(name)?.status?.stableRS]),
    );
    const updateStartMs = sampler.elapsedMs;
    const update = await timedPhase(
      watcher,
      names,
      meters,
      (r) => healthyAtSpec(r) && r.status?.stableRS !== firstHash.get(r.metadata.name),
      () => changeTemplates(client, namespace, names, 'v2'),
      600_000 + n * 1200,
    );
    sampler.stop();
    const peaks = sampler.peaks(updateStartMs);
    return {
      rollouts: n,
      replicas: options.replicas,
      steps: canarySteps.length,
      concurrency: options.concurrency ?? 'default',
      deploy,
      update,
      idleCpuSPerS,
      rssMiB: {
        idle: idleMiB,
        peakDeploy,
        peakUpdate: peaks.selfMiB,
        vmHwm: peakRssMiB(controller.pid),
      },
      controlPlanePeakMiB: sampler.peaks().controlPlaneMiB,
      controller: controller.log,
    };
  } finally {
    sampler.stop();
    watcher.stop();
    await controller.stop();
    await removeNamespace(client, namespace);
  }
}
