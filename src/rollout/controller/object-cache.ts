import type { Logger } from 'pino';
import {
  watchCollection,
  type KubeObject,
  type KubeRest,
  type WatchHandle,
} from '../../kube/index.js';

const keyOf = (o: KubeObject): string => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

const versionOf = (o: KubeObject | undefined): number => Number(o?.metadata.resourceVersion ?? 0);

/**
 * A watched collection kept in memory (an informer): list-then-watch into a map, with every
 * change handed to `onChange`. The controller's own writes are remembered at once so the next
 * reconcile does not act on what it already changed; an older version never replaces a newer.
 */
export class ObjectCache {
  private readonly objects = new Map<string, KubeObject>();
  private handle: WatchHandle | undefined;
  private readonly listed = new Set<string>();

  constructor(
    private readonly rest: KubeRest,
    private readonly paths: readonly string[],
    private readonly labelSelector: string | undefined,
    private readonly onChange: (object: KubeObject, deleted: boolean) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    const handles = this.paths.map((path) =>
      watchCollection(
        this.rest,
        path,
        this.labelSelector,
        (event) => this.apply(event.object, event.type === 'DELETED'),
        (error) => this.log.warn({ err: error, path }, 'watch failed; retrying'),
        () => this.listed.add(path),
      ),
    );
    this.handle = { stop: () => handles.forEach((h) => h.stop()) };
  }

  stop(): void {
    this.handle?.stop();
  }

  /**
   * Every collection has been listed once. Before that the cache is partial, and a decision on
   * it could mistake "not listed yet" for "gone" (and, say, promote a canary because its stable
   * ReplicaSet seems missing).
   */
  get synced(): boolean {
    return this.paths.every((p) => this.listed.has(p));
  }

  get(namespace: string | undefined, name: string): KubeObject | undefined {
    return this.objects.get(`${namespace ?? ''}/${name}`);
  }

  list(namespace?: string): KubeObject[] {
    const all = [...this.objects.values()];
    return namespace === undefined ? all : all.filter((o) => o.metadata.namespace === namespace);
  }

  /** Our own write: cached unless the watch already brought something newer. */
  remember(object: KubeObject): void {
    const key = keyOf(object);
    if (versionOf(object) >= versionOf(this.objects.get(key))) this.objects.set(key, object);
  }

  forget(object: KubeObject): void {
    this.objects.delete(keyOf(object));
  }

  private apply(object: KubeObject, deleted: boolean): void {
    const key = keyOf(object);
    if (deleted) this.objects.delete(key);
    else if (versionOf(object) >= versionOf(this.objects.get(key))) this.objects.set(key, object);
    else return;
    this.onChange(object, deleted);
  }
}

/** The owning controller's name when it is of the given kind. */
export function controllerOwner(object: KubeObject, kind: string): string | undefined {
  const owners = object.metadata['ownerReferences'] as
    { kind: string; name: string; controller?: boolean }[] | undefined;
  return owners?.find((o) => o.kind === kind && o.controller === true)?.name;
}
