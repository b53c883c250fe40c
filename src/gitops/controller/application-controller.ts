import type { Logger } from 'pino';
import { applicationSpecSchema } from '../../config/index.js';
import {
  applicationApiVersion,
  watchCollection,
  type KubeObject,
  type ObjectClient,
  type WatchHandle,
} from '../../kube/index.js';
import { isTrackedBy, trackedApp } from '../sync/tracking.js';
import { destinationClient } from './destinations.js';
import { ManagedWatches } from './managed-watches.js';
import {
  refreshAnnotations,
  resourcesFinalizers,
  type ApplicationObject,
} from './application-object.js';
import type { EngineDeps } from './engine-deps.js';
import { applicationRef, reconcileApp } from './reconcile-app.js';
import { WorkQueue } from './work-queue.js';

export type ControllerOptions = {
  /** Namespaces whose Applications to watch; empty means all. */
  readonly namespaces: readonly string[];
  readonly pollIntervalMs: number;
  readonly pollJitterMs: number;
  readonly selfHealBackoffMs: number;
  readonly concurrency: number;
  readonly log: Logger;
};

type Request = { readonly resolveRevision: boolean };
type Seen = { generation: number | undefined; trigger: string };

/** What, besides the spec, asks for a reconcile: an operation, a refresh, a deletion. */
const triggerOf = (app: ApplicationObject): string =>
  JSON.stringify([
    app.operation ?? null,
    refreshAnnotations.map((a) => app.metadata.annotations?.[a] ?? null),
    app.metadata.deletionTimestamp ?? null,
  ]);

const appKey = (o: { metadata: { namespace?: string; name: string } }): string =>
  `${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;

/**
 * Watches Applications and the objects they manage, and reconciles each app when its spec,
 * an operation, a refresh, a managed object or its poll timer says so. Level-triggered: any
 * pass from any state converges.
 */
export class ApplicationController {
  private readonly apps = new Map<string, ApplicationObject>();
  private readonly seen = new Map<string, Seen>();
  private readonly polls = new Map<string, NodeJS.Timeout>();
  private readonly managed: ManagedWatches;
  private readonly watches: WatchHandle[] = [];
  private readonly queue: WorkQueue<Request>;

  constructor(
    private readonly deps: EngineDeps,
    private readonly options: ControllerOptions,
  ) {
    this.managed = new ManagedWatches((object) => this.onManaged(object), options.log);
    this.queue = new WorkQueue<Request>(
      options.concurrency,
      (a, b) => ({ resolveRevision: a.resolveRevision || b.resolveRevision }),
      (key, request) => this.process(key, request),
    );
  }

  start(): void {
    const paths =
      this.options.namespaces.length === 0
        ? [`/apis/${applicationApiVersion}/applications`]
        : this.options.namespaces.map(
            (ns) => `/apis/${applicationApiVersion}/namespaces/${ns}/applications`,
          );
    for (const path of paths) {
      this.watches.push(
        watchCollection(
          this.deps.control.rest,
          path,
          undefined,
          (event) => this.onApplication(event.type, event.object),
          (e) => this.options.log.warn({ err: e }, 'application watch failed; retrying'),
        ),
      );
    }
    this.options.log.info(
      { namespaces: this.options.namespaces.length ? this.options.namespaces : 'all' },
      'application controller started',
    );
  }

  stop(): void {
    this.queue.stop();
    for (const w of this.watches) w.stop();
    this.managed.stop();
    for (const t of this.polls.values()) clearTimeout(t);
  }

  /** Asks for a reconcile with a fresh look at Git (webhook, CLI). */
  refresh(namespace: string, name: string): void {
    this.queue.add(`${namespace}/${name}`, { resolveRevision: true });
  }

  /** Every known app with its source, for the webhook intake to match pushes against. */
  appSources(): { key: string; repoURL: string; targetRevision: string | undefined }[] {
    return [...this.apps.entries()].map(([key, app]) => {
      const source = (
        app.spec as { source?: { repoURL?: string; targetRevision?: string } } | undefined
      )?.source;
      return { key, repoURL: source?.repoURL ?? '', targetRevision: source?.targetRevision };
    });
  }

  /** A push arrived: the next fetch of those repos must not be skipped, and the apps look at Git now. */
  refreshFromPush(appKeys: readonly string[]): void {
    const sources = new Map(this.appSources().map((s) => [s.key, s.repoURL]));
    for (const key of appKeys) {
      const repoURL = sources.get(key);
      if (repoURL) this.deps.repos.markStale(repoURL);
      this.queue.add(key, { resolveRevision: true });
    }
  }

  private onApplication(type: string, app: ApplicationObject): void {
    const key = appKey(app);
    if (type === 'DELETED') {
      this.apps.delete(key);
      this.seen.delete(key);
      clearTimeout(this.polls.get(key));
      this.polls.delete(key);
      return;
    }
    const cached = this.apps.get(key);
    // Our own writes may already be cached; never step back to an older version.
    if (Number(app.metadata.resourceVersion ?? 0) < Number(cached?.metadata.resourceVersion ?? 0))
      return;
    this.apps.set(key, app);
    const trigger = triggerOf(app);
    const before = this.seen.get(key);
    this.seen.set(key, { generation: app.metadata.generation, trigger });
    // Our own status writes change neither generation nor triggers: ignore them.
    if (before && before.generation === app.metadata.generation && before.trigger === trigger)
      return;
    this.queue.add(key, { resolveRevision: true });
  }

  private async process(key: string, request: Request): Promise<void> {
    const app = this.apps.get(key);
    if (app === undefined) return;
    const log = this.options.log.child({ app: key });
    const started = Date.now();
    try {
      if (app.metadata.deletionTimestamp) {
        await this.finalize(app);
        return;
      }
      const refresh = refreshAnnotations.some((a) => app.metadata.annotations?.[a] !== undefined);
      const result = await reconcileApp(this.deps, app, {
        resolveRevision: request.resolveRevision || refresh,
        selfHealBackoffMs: this.options.selfHealBackoffMs,
      });
      let latest = result.app ?? app;
      if (refresh) latest = await this.clearRefresh(latest);
      this.remember(latest);
      this.watchManagedKinds(latest);
      if (result.requeueAfterMs !== undefined)
        this.queue.add(key, { resolveRevision: false }, result.requeueAfterMs);
      log.debug({ ms: Date.now() - started, synced: result.synced }, 'reconciled');
    } catch (error) {
      log.warn({ err: error }, 'reconcile failed; retrying');
      this.queue.add(key, { resolveRevision: false }, 5000);
    } finally {
      this.schedulePoll(key);
    }
  }

  private schedulePoll(key: string): void {
    clearTimeout(this.polls.get(key));
    const delay = this.options.pollIntervalMs + Math.random() * this.options.pollJitterMs;
    this.polls.set(
      key,
      setTimeout(() => this.queue.add(key, { resolveRevision: true }), delay).unref(),
    );
  }

  private async clearRefresh(app: ApplicationObject): Promise<ApplicationObject> {
    const annotations = Object.fromEntries(refreshAnnotations.map((a) => [a, null]));
    return await this.deps.control.mergePatch(applicationRef(app), {
      metadata: { annotations },
    });
  }

  /** Keeps our own write in the cache unless the watch already brought something newer. */
  private remember(app: ApplicationObject): void {
    const key = appKey(app);
    const cached = this.apps.get(key);
    const newer =
      Number(app.metadata.resourceVersion ?? 0) >= Number(cached?.metadata.resourceVersion ?? 0);
    if (cached !== undefined && newer) {
      this.apps.set(key, app);
      this.seen.set(key, { generation: app.metadata.generation, trigger: triggerOf(app) });
    }
  }

  /** Watches each kind the app manages (by Slipway's label), so drift wakes its app within moments. */
  private watchManagedKinds(app: ApplicationObject): void {
    const resources = app.status?.resources ?? [];
    if (resources.length === 0) return;
    const namespaces = [...new Set(resources.flatMap((r) => (r.namespace ? [r.namespace] : [])))];
    void this.clientFor(app).then((client) => {
      for (const r of resources) {
        this.managed.ensure(
          client,
          r.group ? `${r.group}/${r.version}` : r.version,
          r.kind,
          namespaces,
        );
      }
    });
  }

  /** The cluster an app deploys to (its registered cluster, or the control cluster). */
  private async clientFor(app: ApplicationObject): Promise<ObjectClient> {
    const parsed = applicationSpecSchema.safeParse(app.spec);
    if (!parsed.success) return this.deps.control;
    return destinationClient(this.deps, parsed.data).catch(() => this.deps.control);
  }

  private onManaged(object: KubeObject): void {
    const owner = trackedApp(object);
    if (owner === undefined) return;
    const key = `${owner.namespace}/${owner.name}`;
    // Coalesce bursts (a rollout changes a Deployment many times) into one look.
    if (this.apps.has(key)) this.queue.add(key, { resolveRevision: false }, 1000);
  }

  /** With the resources finalizer, deletes what the app deployed, then lets the app go. */
  private async finalize(app: ApplicationObject): Promise<void> {
    const finalizers = app.metadata.finalizers ?? [];
    if (!finalizers.some((f) => resourcesFinalizers.includes(f))) return;
    const id = { namespace: app.metadata.namespace ?? 'default', name: app.metadata.name };
    const target = await this.clientFor(app);
    for (const r of app.status?.resources ?? []) {
      const ref = {
        apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
        kind: r.kind,
        name: r.name,
        ...(r.namespace ? { namespace: r.namespace } : {}),
      };
      const live = await target.get(ref).catch(() => undefined);
      if (live !== undefined && isTrackedBy(live, id)) await target.delete(ref, 'Foreground');
    }
    await this.deps.control.mergePatch(applicationRef(app), {
      metadata: { finalizers: finalizers.filter((f) => !resourcesFinalizers.includes(f)) },
    });
  }
}
