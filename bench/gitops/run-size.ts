// One size of the GitOps benchmark: a namespace, an in-process ApplicationController watching
// only it, N Applications created at once, then a no-op resync of all N and webhook refreshes
// of one app. Everything it creates is deleted before it returns.
import { setTimeout as sleep } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { inClusterServer } from '../../src/config/index.js';
import {
  ApplicationController,
  createEngine,
  type ApplicationObject,
} from '../../src/gitops/index.js';
import { applicationApiVersion, type ObjectClient } from '../../src/kube/index.js';
import { CommitWatcher, listApps, pollApps, syncedAndHealthy } from './app-watchers.js';
import { appName, ConfigRepo } from './config-repo.js';
import { IngressPublisher } from './ingress-publisher.js';
import {
  childCpuSeconds,
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

export type SizeResult = {
  apps: number;
  concurrency: number;
  repoMs: number;
  createMs: number;
  allHealthyMs: number;
  appHealthyMs: number[];
  polls: number;
  baselineMiB: { controller: number; controlPlane: number };
  peakMiB: { controller: number; controlPlane: number };
  resync: {
    wallMs: number | undefined;
    controllerCpuS: number;
    pollCpuEstimateS: number;
    gitCpuS: number;
    controlPlaneCpuS: number;
  };
  webhook: { commitMs: number; refreshToAppliedMs: number; commitToAppliedMs: number }[];
  ingressesPublished: number;
  controllerWarnings: { count: number; first: string[] };
  rssSamples: RssSample[];
};

const controlPlaneCpu = (pids: SizeOptions['pids']): number =>
  cpuSeconds(pids.apiserver) + cpuSeconds(pids.etcd);

/** Deletes the namespace's Applications, then the namespace, and waits until it is gone. */
export async function removeNamespace(client: ObjectClient, namespace: string): Promise<void> {
  const ns = { apiVersion: 'v1', kind: 'Namespace', name: namespace };
  if ((await client.get(ns)) === undefined) return;
  await client.rest.send({
    method: 'DELETE',
    path: `/apis/${applicationApiVersion}/namespaces/${namespace}/applications`,
  });
  // Not ObjectClient.delete: its DeleteOptions body goes out without a Content-Length, and the
  // next request on that kept-alive connection is answered 400 (see the report on src/kube).
  await client.rest.send({ method: 'DELETE', path: `/api/v1/namespaces/${namespace}` });
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

function countingLogger(): { log: Logger; warnings: { count: number; first: string[] } } {
  const warnings = { count: 0, first: [] as string[] };
  const write = (line: string): void => {
    warnings.count += 1;
    if (warnings.first.length < 5) warnings.first.push(line.trim().slice(0, 600));
  };
  return { log: pino({ level: 'warn' }, { write }), warnings };
}

/** Says how many apps got there and what the first one left behind reports. */
function notReady(apps: readonly ApplicationObject[], n: number): string {
  const behind = apps.filter((a) => !syncedAndHealthy(a));
  const first = behind[0];
  return `${n - behind.length} of ${n} Applications Synced and Healthy before the timeout; ${first?.metadata.name ?? '?'}: ${JSON.stringify(first?.status ?? {}).slice(0, 1500)}`;
}

export async function runSize(driver: ObjectClient, options: SizeOptions): Promise<SizeResult> {
  const { apps: n, pids } = options;
  const namespace = `bench-gitops-${n}`;
  const names = Array.from({ length: n }, (_, i) => appName(i));
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
  const { log, warnings } = countingLogger();
  const controller = new ApplicationController(deps, {
    namespaces: [namespace],
    pollIntervalMs: 600_000,
    pollJitterMs: 1000,
    selfHealBackoffMs: 5000,
    concurrency: options.concurrency,
    log,
  });
  const sampler = new RssSampler(pids);
  const publisher = new IngressPublisher(driver, namespace);
  const watcher = new CommitWatcher(driver, namespace, appName(0));
  try {
    controller.start();
    await sleep(1000); // baseline, and the controller's list-then-watch in place
    const baseline = sampler.peaks();

    // (a) N Applications at once, until every one is Synced and Healthy.
    const t0 = performance.now();
    for (let i = 0; i < n; i += options.createBatch) {
      const batch = Array.from({ length: Math.min(options.createBatch, n - i) }, (_, k) => i + k);
      await Promise.all(batch.map((j) => deps.client.apply(applicationOf(repo, namespace, j))));
    }
    const createMs = performance.now() - t0;
    const ready = await pollApps(driver, namespace, names, syncedAndHealthy, t0, 120_000 + n * 600);
    if (ready.allPassedMs === undefined) throw new Error(notReady(ready.lastSeen, n));

    // (b) A no-op resync of all N: every app refreshed, until each has written a new status.
    await sleep(5000); // the last rollout requeues drain
    const before = new Map((await listApps(driver, namespace)).map((a) => [a.metadata.name, a]));
    const c0 = selfCpuSeconds();
    await listApps(driver, namespace);
    const pollCpu = selfCpuSeconds() - c0; // what one of the driver's own polls costs
    const cpu0 = { self: selfCpuSeconds(), git: childCpuSeconds(), cp: controlPlaneCpu(pids) };
    const s0 = performance.now();
    for (const name of names) controller.refresh(namespace, name);
    const resynced = await pollApps(
      driver,
      namespace,
      names,
      (app) => app.status?.reconciledAt !== before.get(app.metadata.name)?.status?.reconciledAt,
      s0,
      120_000 + n * 600,
    );
    const resync = {
      wallMs: resynced.allPassedMs,
      controllerCpuS: selfCpuSeconds() - cpu0.self,
      pollCpuEstimateS: pollCpu * resynced.polls,
      gitCpuS: childCpuSeconds() - cpu0.git,
      controlPlaneCpuS: controlPlaneCpu(pids) - cpu0.cp,
    };

    // (c) Commit to applied for app-0, refreshed as a webhook would.
    await sleep(3000);
    const webhook: SizeResult['webhook'] = [];
    for (let k = 1; k <= options.webhookRuns; k += 1) {
      const value = `${n}-${k}`;
      const applied = watcher.seen(value, 120_000);
      const w0 = performance.now();
      await repo.commitAnnotation(0, value);
      const w1 = performance.now();
      controller.refresh(namespace, appName(0));
      const at = await applied;
      webhook.push({ commitMs: w1 - w0, refreshToAppliedMs: at - w1, commitToAppliedMs: at - w0 });
      await sleep(2000); // the status-only reconcile that follows settles
    }
    sampler.stop();
    const peaks = sampler.peaks();
    return {
      apps: n,
      concurrency: options.concurrency,
      repoMs,
      createMs,
      allHealthyMs: ready.allPassedMs,
      appHealthyMs: names.map((name) => ready.firstPassedMs.get(name) ?? NaN),
      polls: ready.polls,
      baselineMiB: { controller: baseline.selfMiB, controlPlane: baseline.controlPlaneMiB },
      peakMiB: { controller: peaks.selfMiB, controlPlane: peaks.controlPlaneMiB },
      resync,
      webhook,
      ingressesPublished: publisher.published,
      controllerWarnings: warnings,
      rssSamples: sampler.samples,
    };
  } finally {
    sampler.stop();
    controller.stop();
    publisher.stop();
    watcher.stop();
    await removeNamespace(driver, namespace);
    await repo.remove();
  }
}
