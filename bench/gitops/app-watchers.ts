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
): Promise<PollResult> {
  const firstPassedMs = new Map<string, number>();
  let polls = 0;
  let lastSeen: ApplicationObject[] = [];
  for (;;) {
    const pollStarted = performance.now();
    lastSeen = await listApps(client, namespace);
    polls += 1;
    const seenAt = performance.now() - startedAt;
    for (const app of lastSeen)
      if (!firstPassedMs.has(app.metadata.name) && check(app))
        firstPassedMs.set(app.metadata.name, seenAt);
    if (names.every((n) => firstPassedMs.has(n)))
      return { firstPassedMs, allPassedMs: seenAt, polls, lastSeen };
    if (seenAt > timeoutMs) return { firstPassedMs, allPassedMs: undefined, polls, lastSeen };
    await sleep(Math.max(0, intervalMs - (performance.now() - pollStarted)));
  }
}

/** Watches one Deployment and resolves when its commit annotation reaches a value. */
export class CommitWatcher {
  private readonly waiters = new Map<string, (atMs: number) => void>();
  private readonly watch;

  constructor(client: ObjectClient, namespace: string, deployment: string) {
    this.watch = watchCollection(
      client.rest,
      `/apis/apps/v1/namespaces/${namespace}/deployments`,
      `app=${deployment}`,
      (event) => {
        const value = event.object.metadata.annotations?.[commitAnnotation];
        const waiter = value === undefined ? undefined : this.waiters.get(value);
        if (waiter === undefined || value === undefined) return;
        this.waiters.delete(value);
        waiter(performance.now());
      },
    );
  }

  /** A promise of the performance.now() at which the Deployment shows `value` (register first). */
  seen(value: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(value);
        reject(
          new Error(
            `the Deployment did not show ${commitAnnotation}=${value} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      this.waiters.set(value, (atMs) => {
        clearTimeout(timer);
        resolve(atMs);
      });
    });
  }

  stop(): void {
    this.watch.stop();
  }
}
