import type { Logger } from 'pino';
import {
  watchCollection,
  type KubeObject,
  type KubeRest,
  type WatchHandle,
} from '../../kube/index.js';

// An in-memory copy of one kind of object, kept current by a watch, so lists of a thousand
// Applications are answered from memory instead of the API server.

export type IndexChange<T> = {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly object: T;
  readonly previous: T | undefined;
};

export const objectKey = (o: KubeObject): string =>
  `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** `/apis/<group>/<version>/<plural>` for all namespaces, or one path per namespace. Pure. */
export function collectionPaths(
  apiVersion: string,
  plural: string,
  namespaces: readonly string[],
): string[] {
  return namespaces.length === 0
    ? [`/apis/${apiVersion}/${plural}`]
    : namespaces.map((ns) => `/apis/${apiVersion}/namespaces/${ns}/${plural}`);
}

export class ObjectIndex<T extends KubeObject> {
  private readonly objects = new Map<string, T>();
  private readonly touched = new Map<string, Set<string>>();
  private readonly listedPaths = new Set<string>();
  private readonly watches: WatchHandle[] = [];
  private readonly listeners = new Set<(change: IndexChange<T>) => void>();

  constructor(
    private readonly rest: KubeRest,
    private readonly paths: readonly string[],
    private readonly log: Logger,
  ) {}

  start(): void {
    for (const path of this.paths) {
      this.touched.set(path, new Set());
      this.watches.push(
        watchCollection(
          this.rest,
          path,
          undefined,
          (event) => this.apply(path, event.type, event.object as T),
          (error) => this.log.warn({ err: error, path }, 'watch failed; relisting'),
          () => this.relisted(path),
        ),
      );
    }
  }

  stop(): void {
    for (const watch of this.watches) watch.stop();
    this.watches.length = 0;
  }

  /** True once every watched collection has been listed at least once. */
  get listed(): boolean {
    return this.listedPaths.size === this.paths.length;
  }

  get(namespace: string, name: string): T | undefined {
    return this.objects.get(`${namespace}/${name}`);
  }

  values(): T[] {
    return [...this.objects.values()];
  }

  onChange(listener: (change: IndexChange<T>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private apply(path: string, type: IndexChange<T>['type'], object: T): void {
    const key = objectKey(object);
    const previous = this.objects.get(key);
    this.touched.get(path)?.add(key);
    if (type === 'DELETED') this.objects.delete(key);
    else {
      // A relist hands every object over again; an unchanged one is no news.
      if (previous?.metadata.resourceVersion === object.metadata.resourceVersion && previous)
        return;
      this.objects.set(key, object);
    }
    for (const listener of this.listeners) listener({ type, object, previous });
  }

  /** After a (re)list, what the list did not mention and no event touched since is gone. */
  private relisted(path: string): void {
    const seen = this.touched.get(path) ?? new Set<string>();
    if (this.listedPaths.has(path)) {
      const prefix = path.includes('/namespaces/')
        ? `${path.split('/namespaces/')[1]?.split('/')[0] ?? ''}/`
        : '';
      for (const [key, object] of this.objects) {
        if (key.startsWith(prefix) && !seen.has(key)) this.apply(path, 'DELETED', object);
      }
    }
    this.listedPaths.add(path);
    this.touched.set(path, new Set());
  }
}
