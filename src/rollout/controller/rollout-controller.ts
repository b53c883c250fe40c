import type { Logger } from 'pino';
import { slipwayApiVersion, type KubeObject, type ObjectClient } from '../../kube/index.js';
import { WorkQueue } from '../../gitops/controller/work-queue.js';
import {
  jobProvider,
  prometheusProvider,
  reconcileAnalysisRun,
  webProvider,
  type AnalysisDeps,
} from '../analysis/index.js';
import { podTemplateHashLabel } from '../canary/pod-template-hash.js';
import { controllerOwner, ObjectCache } from './object-cache.js';
import { reconcileRollout } from './reconcile-rollout.js';
import type { RolloutDeps } from './rollout-deps.js';

export type RolloutControllerOptions = {
  /** Namespaces to watch; empty means all. */
  readonly namespaces: readonly string[];
  readonly concurrency: number;
  readonly log: Logger;
  readonly now?: () => Date;
};

const keyOf = (ns: string | undefined, name: string): string => `${ns ?? 'default'}/${name}`;

/**
 * The Rollout controller: informers for Rollouts, their ReplicaSets and AnalysisRuns, and the
 * Deployments a workloadRef names; a work queue per Rollout and per AnalysisRun. Every change of
 * an owned object reconciles its owner; timers (pauses, delays, deadlines) requeue.
 */
export class RolloutController {
  private readonly deps: RolloutDeps;
  private readonly deployments: ObjectCache;
  private readonly rolloutQueue: WorkQueue<true>;
  private readonly runQueue: WorkQueue<true>;
  private readonly analysis: AnalysisDeps;

  constructor(
    client: ObjectClient,
    private readonly options: RolloutControllerOptions,
  ) {
    const paths = (group: string, plural: string): string[] =>
      options.namespaces.length === 0
        ? [`${group}/${plural}`]
        : options.namespaces.map((ns) => `${group}/namespaces/${ns}/${plural}`);
    const log = options.log;
    const slipway = `/apis/${slipwayApiVersion}`;
    this.deps = {
      client,
      now: options.now ?? ((): Date => new Date()),
      log,
      rollouts: new ObjectCache(
        client.rest,
        paths(slipway, 'rollouts'),
        undefined,
        (o) => this.enqueueRollout(o.metadata.namespace, o.metadata.name),
        log,
      ),
      replicaSets: new ObjectCache(
        client.rest,
        paths('/apis/apps/v1', 'replicasets'),
        podTemplateHashLabel,
        (o) => this.enqueueOwner(o),
        log,
      ),
      analysisRuns: new ObjectCache(
        client.rest,
        paths(slipway, 'analysisruns'),
        undefined,
        (o, deleted) => {
          this.enqueueOwner(o);
          if (!deleted) this.runQueue.add(keyOf(o.metadata.namespace, o.metadata.name), true);
        },
        log,
      ),
    };
    this.deployments = new ObjectCache(
      client.rest,
      paths('/apis/apps/v1', 'deployments'),
      undefined,
      (o) => this.onDeployment(o),
      log,
    );
    this.rolloutQueue = new WorkQueue<true>(
      options.concurrency,
      () => true,
      (key) => this.processRollout(key),
    );
    this.runQueue = new WorkQueue<true>(
      options.concurrency,
      () => true,
      (key) => this.processRun(key),
    );
    this.analysis = {
      client,
      providers: { prometheus: prometheusProvider(), web: webProvider(), job: jobProvider(client) },
      now: this.deps.now,
    };
  }

  start(): void {
    this.deps.rollouts.start();
    this.deps.replicaSets.start();
    this.deps.analysisRuns.start();
    this.deployments.start();
    this.options.log.info(
      { namespaces: this.options.namespaces.length ? this.options.namespaces : 'all' },
      'rollout controller started',
    );
  }

  stop(): void {
    this.rolloutQueue.stop();
    this.runQueue.stop();
    this.deps.rollouts.stop();
    this.deps.replicaSets.stop();
    this.deps.analysisRuns.stop();
    this.deployments.stop();
  }

  private enqueueRollout(namespace: string | undefined, name: string, delayMs = 0): void {
    this.rolloutQueue.add(keyOf(namespace, name), true, delayMs);
  }

  private enqueueOwner(object: KubeObject): void {
    const owner = controllerOwner(object, 'Rollout');
    if (owner !== undefined) this.enqueueRollout(object.metadata.namespace, owner);
  }

  private onDeployment(deployment: KubeObject): void {
    for (const rollout of this.deps.rollouts.list(deployment.metadata.namespace)) {
      const ref = (rollout['spec'] as { workloadRef?: { name?: string } } | undefined)?.workloadRef;
      if (ref?.name === deployment.metadata.name)
        this.enqueueRollout(rollout.metadata.namespace, rollout.metadata.name);
    }
  }

  private get synced(): boolean {
    return (
      this.deps.rollouts.synced &&
      this.deps.replicaSets.synced &&
      this.deps.analysisRuns.synced &&
      this.deployments.synced
    );
  }

  private async processRollout(key: string): Promise<void> {
    const [namespace = 'default', name = ''] = key.split('/');
    if (!this.synced) {
      this.enqueueRollout(namespace, name, 200);
      return;
    }
    try {
      const result = await reconcileRollout(this.deps, namespace, name);
      if (result.requeueAfterMs !== undefined)
        this.enqueueRollout(namespace, name, result.requeueAfterMs);
    } catch (error) {
      const conflict =
        (error as { status?: number }).status === 409 ||
        (error as { status?: number }).status === 422;
      if (!conflict)
        this.options.log.warn({ err: error, rollout: key }, 'rollout reconcile failed; retrying');
      this.enqueueRollout(namespace, name, conflict ? 100 : 2000);
    }
  }

  private async processRun(key: string): Promise<void> {
    const [namespace = 'default', name = ''] = key.split('/');
    if (!this.synced) {
      this.runQueue.add(key, true, 200);
      return;
    }
    const run = this.deps.analysisRuns.get(namespace, name);
    if (run === undefined) return;
    try {
      const step = await reconcileAnalysisRun(run, this.analysis);
      if (JSON.stringify(run['status'] ?? {}) !== JSON.stringify(step.status)) {
        const updated = await this.deps.client.replaceStatus(
          { apiVersion: slipwayApiVersion, kind: 'AnalysisRun', namespace, name },
          step.status,
        );
        this.deps.analysisRuns.remember({
          ...updated,
          apiVersion: slipwayApiVersion,
          kind: 'AnalysisRun',
        });
        this.enqueueOwner(run);
      }
      if (step.requeueAfterMs !== undefined) this.runQueue.add(key, true, step.requeueAfterMs);
    } catch (error) {
      this.options.log.warn(
        { err: error, analysisRun: key },
        'analysis run reconcile failed; retrying',
      );
      this.runQueue.add(key, true, 2000);
    }
  }
}
