// One size of the GitOps benchmark: a namespace, an in-process ApplicationController watching
// only it, N Applications created at once, then a no-op resync of all N and webhook refreshes
// of one app. Everything it creates is deleted before it returns.
import { setTimeout as sleep } from 'node:timers/promises';
import { inClusterServer } from '../../src/config/index.js';
import {
  ApplicationController,
  createEngine,
  type ApplicationObject,
  type EngineDeps,
} from '../../src/gitops/index.js';
import { applicationApiVersion, type ObjectClient } from '../../src/kube/index.js';
import { DeploymentWatcher, listApps, pollApps, syncedAndHealthy } from './app-watchers.js';
import { appName, ConfigRepo } from './config-repo.js';
import { countingLogger, type ControllerCounts } from './controller-log.js';
import { IngressPublisher } from './ingress-publisher.js';
import { ControllerProcess, type ControllerHandle } from './controller-process.js';
import {
  childCpuSeconds,
  childCpuSecondsOf,
  cpuSeconds,
  RssSampler,
  selfCpuSeconds,
  type RssSample,
} from './process-stats.js';

export type SizeOptions = {
  readonly apps: number;
  readonly concurrency: number;
  readonly createBatch: number;
  readonly webhookRuns: number;
  readonly cacheDir: string;
  readonly pids: { apiserver: number; etcd: number };
};

type Pids = SizeOptions['pids'];

export type SyncPhase = {
  createMs: number;
  /** ms from the first create until every app was seen Synced and Healthy (500 ms polls). */
  allHealthyMs: number;
  /** ms until every app was seen Synced (all applied), whatever its health. */
  allSyncedMs: number;
  /** ms until the cluster's deployment controller had observed every Deployment. */
  allDeploymentsObservedMs: number;
  appHealthyMs: number[];
  appSyncedMs: number[];
  polls: number;
  reconciles: number;
};

export type ResyncPhase = {
  wallMs: number;
  reconciles: number;
  controllerCpuS: number;
  /** The driver's own list polls, estimated from one poll measured while idle. */
  pollCpuEstimateS: number;
  gitCpuS: number;
  controlPlaneCpuS: number;
};

export type WebhookSample = {
  commitMs: number;
  refreshToAppliedMs: number;
  commitToAppliedMs: number;
};

export type SizeResult = {
  apps: number;
  concurrency: number;
  repoMs: number;
  sync: SyncPhase;
  resync: ResyncPhase;
  webhook: WebhookSample[];
  baselineMiB: { controller: number; controlPlane: number };
  peakMiB: { controller: number; controlPlane: number };
  ingressesPublished: number;
  controller: ControllerCounts;
  rssSamples: RssSample[];
};

type Run = {
  readonly n: number;
  readonly namespace: string;
  readonly names: readonly string[];
  readonly repo: ConfigRepo;
  readonly deps: EngineDeps;
  readonly driver: ObjectClient;
  readonly controller: ControllerHandle;
  /** Set when the controller runs in its own process. */
  readonly controllerPid: number | undefined;
  readonly counts: ControllerCounts;
  readonly deployments: DeploymentWatcher;
  readonly timeoutMs: number;
};

export const benchNamespace = (apps: number): string => `bench-gitops-${apps}`;

const controlPlaneCpu = (pids: Pids): number => cpuSeconds(pids.apiserver) + cpuSeconds(pids.etcd);

/** Deletes the namespace's Applications, then the namespace, and waits until it is gone. */
export async function removeNamespace(client: ObjectClient, namespace: string): Promise<void> {
  const ns = { apiVersion: 'v1', kind: 'Namespace', name: namespace };
  const live = await client.get(ns);
  if (live === undefined) return;
  if (live.metadata.deletionTimestamp === undefined) {
    await client.rest.send({
      method: 'DELETE',
      path: `/apis/${applicationApiVersion}/namespaces/${namespace}/applications`,
    });
    // A bodiless DELETE: ObjectClient.delete's DeleteOptions body went out without a
    // Content-Length before src/kube/rest-client.ts set one, breaking the next request.
    await client.rest.send({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}` });
  }
  const deadline = Date.now() + 10 * 60_000;
  while ((await client.get(ns)) !== undefined) {
    if (Date.now() > deadline) throw new Error(`namespace ${namespace} still there after 10 min`);
    await sleep(1000);
  }
}

function applicationOf(repo: ConfigRepo, namespace: string, i: number) {
  return {
    apiVersion: applicationApiVersion,
    kind: 'Application',
    metadata: { name: appName(i), namespace },
    spec: {
      project: 'default',
      source: { repoURL: repo.url, targetRevision: 'HEAD', path: repo.path(i) },
      destination: { server: inClusterServer, namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
  };
}

/** Says how many apps got there and what the first one left behind reports. */
function notReady(apps: readonly ApplicationObject[], n: number): string {
  const behind = apps.filter((a) => !syncedAndHealthy(a));
  const first = behind[0];
  return `${n - behind.length} of ${n} Applications Synced and Healthy before the timeout; ${first?.metadata.name ?? '?'}: ${JSON.stringify(first?.status ?? {}).slice(0, 1500)}`;
}

/** (a) N Applications at once, through the engine's client, until all are Synced and Healthy. */
async function syncAll(run: Run, createBatch: number): Promise<SyncPhase> {
  const { n, namespace, names, repo } = run;
  const reconciles0 = run.counts.reconciles;
  const t0 = performance.now();
  for (let i = 0; i < n; i += createBatch) {
    const batch = Array.from({ length: Math.min(createBatch, n - i) }, (_, k) => i + k);
    await Promise.all(batch.map((j) => run.deps.client.apply(applicationOf(repo, namespace, j))));
  }
  const createMs = performance.now() - t0;
  const synced = new Map<string, number>();
  const observe = (app: ApplicationObject, at: number): void => {
    if (!synced.has(app.metadata.name) && app.status?.sync?.status === 'Synced')
      synced.set(app.metadata.name, at);
  };
  const ready = await pollApps(
    run.driver,
    namespace,
    names,
    syncedAndHealthy,
    t0,
    run.timeoutMs,
    500,
    observe,
  );
  if (ready.allPassedMs === undefined) throw new Error(notReady(ready.lastSeen, n));
  const observed = names.map((name) => (run.deployments.observedAt.get(name) ?? NaN) - t0);
  const appSyncedMs = names.map((name) => synced.get(name) ?? NaN);
  return {
    createMs,
    allHealthyMs: ready.allPassedMs,
    allSyncedMs: Math.max(...appSyncedMs),
    allDeploymentsObservedMs: Math.max(...observed),
    appHealthyMs: names.map((name) => ready.firstPassedMs.get(name) ?? NaN),
    appSyncedMs,
    polls: ready.polls,
    reconciles: run.counts.reconciles - reconciles0,
  };
}

/** (b) Every app refreshed with nothing to change, until each has written a new status. */
async function resyncAll(run: Run, pids: Pids): Promise<ResyncPhase> {
  const { namespace, names } = run;
  const before = new Map((await listApps(run.driver, namespace)).map((a) => [a.metadata.name, a]));
  const c0 = selfCpuSeconds();
  await listApps(run.driver, namespace);
  const onePollCpuS = selfCpuSeconds() - c0;
  const reconciles0 = run.counts.reconciles;
  const ctrlCpu = (): number =>
    run.controllerPid === undefined ? selfCpuSeconds() : cpuSeconds(run.controllerPid);
  const gitCpu = (): number =>
    run.controllerPid === undefined ? childCpuSeconds() : childCpuSecondsOf(run.controllerPid);
  const cpu0 = { self: ctrlCpu(), git: gitCpu(), cp: controlPlaneCpu(pids) };
  const t0 = performance.now();
  for (const name of names) run.controller.refresh(namespace, name);
  const done = await pollApps(
    run.driver,
    namespace,
    names,
    (app) => app.status?.reconciledAt !== before.get(app.metadata.name)?.status?.reconciledAt,
    t0,
    run.timeoutMs,
  );
  if (done.allPassedMs === undefined) throw new Error('the no-op resync did not finish in time');
  return {
    wallMs: done.allPassedMs,
    reconciles: run.counts.reconciles - reconciles0,
    controllerCpuS: ctrlCpu() - cpu0.self,
    pollCpuEstimateS: run.controllerPid === undefined ? onePollCpuS * done.polls : 0,
    gitCpuS: gitCpu() - cpu0.git,
    controlPlaneCpuS: controlPlaneCpu(pids) - cpu0.cp,
  };
}

/** (c) A commit to app-0's Deployment, then a refresh as a webhook would ask, until it is live. */
async function webhookLatency(run: Run, repeats: number): Promise<WebhookSample[]> {
  const target = appName(0);
  const samples: WebhookSample[] = [];
  for (let k = 1; k <= repeats; k += 1) {
    const value = `${run.n}-${k}`;
    const applied = run.deployments.seen(target, value, 120_000);
    const t0 = performance.now();
    await run.repo.commitAnnotation(0, value);
    const t1 = performance.now();
    run.controller.refresh(run.namespace, target);
    const at = await applied;
    samples.push({ commitMs: t1 - t0, refreshToAppliedMs: at - t1, commitToAppliedMs: at - t0 });
    await sleep(2000); // the status-only reconcile the change itself triggers settles
  }
  return samples;
}

export async function runSize(driver: ObjectClient, options: SizeOptions): Promise<SizeResult> {
  const { apps: n, pids } = options;
  const namespace = benchNamespace(n);
  const r0 = performance.now();
  const repo = await ConfigRepo.create(n);
  const repoMs = performance.now() - r0;
  await removeNamespace(driver, namespace);
  await driver.apply({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: namespace, labels: { 'app.kubernetes.io/part-of': 'slipway-bench' } },
  });
  const deps = await createEngine({ cacheDir: options.cacheDir, waveTimeoutMs: 120_000 });
  const { log, counts } = countingLogger();
  const separate = process.env['BENCH_CONTROLLER'] === 'process';
  const inProcess = new ApplicationController(deps, {
    namespaces: [namespace],
    pollIntervalMs: 600_000,
    pollJitterMs: 1000,
    selfHealBackoffMs: 5000,
    concurrency: options.concurrency,
    log,
  });
  const apart = separate
    ? new ControllerProcess(driver, namespace, options.concurrency)
    : undefined;
  const controller: ControllerHandle = apart ?? inProcess;
  controller.start();
  const sampler = new RssSampler(pids, 100, apart?.pid);
  const publisher = new IngressPublisher(driver, namespace);
  const deployments = new DeploymentWatcher(driver, namespace);
  const names = Array.from({ length: n }, (_, i) => appName(i));
  const timeoutMs = 120_000 + n * 600;
  const run: Run = {
    n,
    namespace,
    names,
    repo,
    deps,
    driver,
    controller,
    controllerPid: apart?.pid,
    counts,
    deployments,
    timeoutMs,
  };
  try {
    await sleep(separate ? 3000 : 1000); // the idle baseline, and the controller's list-then-watch in place
    const baseline = sampler.peaks();
    const sync = await syncAll(run, options.createBatch);
    await sleep(5000); // the last rollout requeues drain
    const resync = await resyncAll(run, pids);
    await sleep(3000);
    const webhook = await webhookLatency(run, options.webhookRuns);
    sampler.stop();
    const peaks = sampler.peaks();
    return {
      apps: n,
      concurrency: options.concurrency,
      repoMs,
      sync,
      resync,
      webhook,
      baselineMiB: { controller: baseline.selfMiB, controlPlane: baseline.controlPlaneMiB },
      peakMiB: { controller: peaks.selfMiB, controlPlane: peaks.controlPlaneMiB },
      ingressesPublished: publisher.published,
      controller: counts,
      rssSamples: sampler.samples,
    };
  } finally {
    sampler.stop();
    controller.stop();
    publisher.stop();
    deployments.stop();
    await removeNamespace(driver, namespace);
    await repo.remove();
  }
}
