import type { Logger } from 'pino';
import {
  watchCollection,
  type KubeObject,
  type ObjectClient,
  type WatchHandle,
} from '../../kube/index.js';
import { instanceLabel } from '../sync/tracking.js';

/**
 * Watches, per cluster and kind, the objects Slipway manages (by its label), so drift wakes the
 * owning app at once. Cluster-wide where the credentials allow; where they are scoped to some
 * namespaces (a registered cluster's ServiceAccount), one watch per namespace instead.
 */
export class ManagedWatches {
  private readonly handles = new Map<string, WatchHandle>();
  private readonly clusterWideForbidden = new Set<string>();

  constructor(
    private readonly onObject: (object: KubeObject) => void,
    private readonly log: Logger,
  ) {}

  ensure(
    client: ObjectClient,
    apiVersion: string,
    kind: string,
    namespaces: readonly string[],
  ): void {
    const key = `${client.rest.connection.server}|${apiVersion}/${kind}`;
    if (!this.clusterWideForbidden.has(key)) {
      this.start(client, key, apiVersion, kind, undefined, namespaces);
      return;
    }
    for (const ns of namespaces) this.start(client, `${key}|${ns}`, apiVersion, kind, ns, []);
  }

  stop(): void {
    for (const handle of this.handles.values()) handle.stop();
    this.handles.clear();
  }

  private start(
    client: ObjectClient,
    key: string,
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    fallback: readonly string[],
  ): void {
    if (this.handles.has(key)) return;
    this.handles.set(key, { stop: () => undefined });
    const onError = (error: unknown): void => {
      if (namespace === undefined && (error as { status?: number }).status === 403) {
        this.handles.get(key)?.stop();
        this.handles.delete(key);
        this.clusterWideForbidden.add(key);
        for (const ns of fallback) this.start(client, `${key}|${ns}`, apiVersion, kind, ns, []);
        return;
      }
      this.log.warn({ err: error, watch: key }, 'managed-object watch failed; retrying');
    };
    client.discovery
      .path(apiVersion, kind, namespace)
      .then((path) => {
        if (!this.handles.has(key)) return;
        this.handles.set(
          key,
          watchCollection(
            client.rest,
            path,
            instanceLabel,
            (e) => this.onObject(e.object),
            onError,
          ),
        );
      })
      .catch((error: unknown) => {
        this.handles.delete(key);
        this.log.warn({ err: error, watch: key }, 'cannot watch managed kind');
      });
  }
}
