import type { Logger } from 'pino';
import { WorkQueue } from '../../gitops/controller/work-queue.js';
import {
  slipwayApiVersion,
  watchCollection,
  type KubeObject,
  type ObjectClient,
  type WatchHandle,
} from '../../kube/index.js';
import { controllerOwner, ObjectCache } from '../../rollout/controller/object-cache.js';
import type { SecretProvider } from '../secret-types.js';
import { managedLabel } from '../kubernetes/index.js';
import { reconcileSecretSync, type SecretSyncDeps } from './reconcile-secret-sync.js';
import { secretSyncKube, type SecretSyncKube } from './secret-sync-kube.js';

export type SecretSyncControllerOptions = {
  /** Namespaces to watch; empty means all. */
  readonly namespaces: readonly string[];
  /** The store of a project; the server passes `(p) => builtinStore.provider(p)`. */
  readonly providerFor: (project: string) => SecretProvider;
  readonly log: Logger;
  readonly concurrency?: number;
  readonly now?: () => Date;
  /** Default: the real API over `client`. */
  readonly kube?: SecretSyncKube;
};

const keyOf = (ns: string | undefined, name: string): string => `${ns ?? 'default'}/${name}`;

/** Backoff after an unexpected failure (the API server unreachable, a conflict on status). */
const errorRetryMs = { conflict: 100, other: 2000 } as const;

/**
 * The SecretSync controller: an informer on SecretSyncs and a watch on Slipway-managed Secrets,
 * one work queue keyed by SecretSync. A SecretSync is reconciled when its spec changes (not on
 * its own status writes), when its Secret changes or is deleted, and every refreshInterval.
 * Logs name SecretSyncs and errors, never values.
 */
export class SecretSyncController {
  private readonly syncs: ObjectCache;
  private readonly queue: WorkQueue<true>;
  private readonly deps: SecretSyncDeps;
  private readonly seenGenerations = new Map<string, number | undefined>();
  private secretWatches: WatchHandle[] = [];

  constructor(
    private readonly client: ObjectClient,
    private readonly options: SecretSyncControllerOptions,
  ) {
    const kube = options.kube ?? secretSyncKube(client);
    this.deps = {
      kube: {
        ...kube,
        // Remember our own status write, so a reconcile before its watch event sees it.
        writeStatus: async (namespace, name, status) => {
          const updated = await kube.writeStatus(namespace, name, status);
          if (updated !== undefined) this.syncs.remember(updated);
          return updated;
        },
      },
      providerFor: options.providerFor,
      now: options.now ?? ((): Date => new Date()),
    };
    this.syncs = new ObjectCache(
      client.rest,
      this.paths(`/apis/${slipwayApiVersion}`, 'secretsyncs'),
      undefined,
      (o, deleted) => this.onSecretSync(o, deleted),
      options.log,
    );
    this.queue = new WorkQueue<true>(
      options.concurrency ?? 4,
      () => true,
      (key) => this.process(key),
    );
  }

  start(): void {
    this.syncs.start();
    this.secretWatches = this.paths('/api/v1', 'secrets').map((path) =>
      watchCollection(
        this.client.rest,
        path,
        `${managedLabel}=true`,
        (event) => this.onSecret(event.object),
        (error) =>
          this.options.log.warn({ err: messageOf(error), path }, 'secret watch failed; retrying'),
      ),
    );
    this.options.log.info(
      { namespaces: this.options.namespaces.length ? this.options.namespaces : 'all' },
      'secret sync controller started',
    );
  }

  stop(): void {
    this.queue.stop();
    this.syncs.stop();
    for (const watch of this.secretWatches) watch.stop();
  }

  private paths(prefix: string, plural: string): string[] {
    return this.options.namespaces.length === 0
      ? [`${prefix}/${plural}`]
      : this.options.namespaces.map((ns) => `${prefix}/namespaces/${ns}/${plural}`);
  }

  /** New or edited spec only: the controller's own status writes do not requeue (no loop). */
  private onSecretSync(sync: KubeObject, deleted: boolean): void {
    const key = keyOf(sync.metadata.namespace, sync.metadata.name);
    if (deleted) {
      // The Secret goes with it: Kubernetes' garbage collector follows the ownerReference.
      this.seenGenerations.delete(key);
      return;
    }
    const generation = sync.metadata.generation;
    if (this.seenGenerations.has(key) && this.seenGenerations.get(key) === generation) return;
    this.seenGenerations.set(key, generation);
    this.queue.add(key, true);
  }

  /** A managed Secret changed or went away: its SecretSync puts it back. */
  private onSecret(secret: KubeObject): void {
    const owner = controllerOwner(secret, 'SecretSync');
    if (owner !== undefined) this.queue.add(keyOf(secret.metadata.namespace, owner), true);
  }

  private async process(key: string): Promise<void> {
    const [namespace = 'default', name = ''] = key.split('/');
    if (!this.syncs.synced) {
      this.queue.add(key, true, 200);
      return;
    }
    const sync = this.syncs.get(namespace, name);
    if (sync === undefined || sync.metadata.deletionTimestamp !== undefined) return;
    try {
      const result = await reconcileSecretSync(this.deps, sync);
      this.options.log.debug(
        { secretSync: key, wrote: result.wrote, ready: result.ready },
        'secret sync reconciled',
      );
      if (result.requeueAfterMs !== undefined) this.queue.add(key, true, result.requeueAfterMs);
    } catch (error) {
      const status = (error as { status?: number }).status;
      const conflict = status === 409;
      if (!conflict)
        this.options.log.warn(
          { secretSync: key, err: messageOf(error) },
          'secret sync failed; retrying',
        );
      this.queue.add(key, true, conflict ? errorRetryMs.conflict : errorRetryMs.other);
    }
  }
}

/** Only the message: an error object's other fields (a response body) are not logged. */
const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
