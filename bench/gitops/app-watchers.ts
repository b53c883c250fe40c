// What the benchmark driver reads from the cluster: the Applications of a namespace polled with a
// list call until every one passes a check, and one Deployment watched for a commit annotation.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApplicationObject } from '../../src/gitops/index.js';
import { applicationApiVersion, watchCollection, type ObjectClient } from '../../src/kube/index.js';
import { commitAnnotation } from './config-repo.js';

export async function listApps(
  client: ObjectClient,
  namespace: string,
): Promise<ApplicationObject[]> {
  return (await client.list(applicationApiVersion, 'Application', { namespace })).items;
}

export const syncedAndHealthy = (app: ApplicationObject): boolean =>
  app.status?.sync?.status === 'Synced' && app.status.health?.status === 'Healthy';

export type PollResult = {
  /** ms after `startedAt` when each app was first seen passing the check. */
  readonly firstPassedMs: Map<string, number>;
  /** ms after `startedAt` when every app passed, or undefined on timeout. */
  readonly allPassedMs: number | undefined;
  readonly polls: number;
  readonly lastSeen: ApplicationObject[];
};

/** Lists the namespace's Applications every `intervalMs` until all `names` pass `check`. */
export async function pollApps(
  client: ObjectClient,
  namespace: string,
  names: readonly string[],
  check: (app: ApplicationObject) => boolean,
  startedAt: number,
  timeoutMs: number,
  intervalMs = 500,
  observe: (app: ApplicationObject, seenAtMs: number) => void = () => undefined,
): Promise<PollResult> {
  const firstPassedMs = new Map<string, number>();
  let polls = 0;
  let lastSeen: ApplicationObject[] = [];
  for (;;) {
    const pollStarted = performance.now();
    lastSeen = await listApps(client, namespace);
    polls += 1;
    const seenAt = performance.now() - startedAt;
    for (const app of lastSeen) {
      observe(app, seenAt);
      if (!firstPassedMs.has(app.metadata.name) && check(app))
        firstPassedMs.set(app.metadata.name, seenAt);
    }
    if (names.every((n) => firstPassedMs.has(n)))
      return { firstPassedMs, allPassedMs: seenAt, polls, lastSeen };
    if (seenAt > timeoutMs) return { firstPassedMs, allPassedMs: undefined, polls, lastSeen };
    await sleep(Math.max(0, intervalMs - (performance.now() - pollStarted)));
  }
}

/**
 * Watches the namespace's Deployments: when the cluster's deployment controller first observed
 * each one (its part of "Healthy"), and when one shows a value of the commit annotation.
 */
export class DeploymentWatcher {
  /** performance.now() when each Deployment's status first caught up with its generation. */
  readonly observedAt = new Map<string, number>();
  private readonly waiters = new Map<string, (atMs: number) => void>();
  private readonly watch;

  constructor(client: ObjectClient, namespace: string) {
    this.watch = watchCollection(
      client.rest,
      `/apis/apps/v1/namespaces/${namespace}/deployments`,
      undefined,
      (event) => {
        const at = performance.now();
        const { name, annotations, generation } = event.object.metadata;
        const status = event.object['status'] as { observedGeneration?: number } | undefined;
        if (!this.observedAt.has(name) && (status?.observedGeneration ?? 0) >= (generation ?? 1))
          this.observedAt.set(name, at);
        const key = `${name}=${annotations?.[commitAnnotation] ?? ''}`;
        const waiter = this.waiters.get(key);
        if (waiter === undefined) return;
        this.waiters.delete(key);
        waiter(at);
      },
    );
  }

  /** The performance.now() at which Deployment `name` shows `value` (call before the change). */
  seen(name: string, value: string, timeoutMs: number): Promise<number> {
    const key = `${name}=${value}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(
          new Error(
            `Deployment ${name} did not show ${commitAnnotation}=${value} in ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.waiters.set(key, (atMs) => {
        clearTimeout(timer);
        resolve(atMs);
      });
    });
  }

  stop(): void {
    this.watch.stop();
  }
}
