import { StateError } from '../errors/index.js';
import type { ApplicationObject } from '../gitops/index.js';
import {
  applicationApiVersion,
  KubeApiError,
  type KubeObject,
  type ObjectClient,
} from '../kube/index.js';
import {
  namespaceOwner,
  nodePortOf,
  ownsNamespace,
  previewNamespaceObject,
  previewService,
  previewUrl,
  syncProgress,
  type PreviewIdentity,
  type SyncProgress,
} from './preview-objects.js';
import { previewLabels } from './preview-record.js';

// A preview's cluster side: claiming its namespace, applying its Application, waiting for the
// GitOps engine to sync it, finding its URL, and deleting it all again.

/** The cluster or a policy refused the preview before anything of it was created. */
export class PreviewRefusedError extends StateError {}

export const previewFieldManager = 'slipway-preview';

type Ref = { apiVersion: string; kind: string; namespace?: string; name: string };

const namespaceRef = (name: string): Ref => ({ apiVersion: 'v1', kind: 'Namespace', name });

/** Waits `ms`, or less when the signal aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

const apiMessage = (error: unknown): string =>
  error instanceof KubeApiError
    ? `${error.message} (HTTP ${error.status} ${error.reason})`
    : error instanceof Error
      ? error.message
      : String(error);

export type Gone = 'deleted' | 'absent' | 'stuck';

export class PreviewCluster {
  constructor(
    private readonly client: ObjectClient,
    private readonly options: { readonly nodeHost: string; readonly pollMs?: number },
  ) {}

  private get pollMs(): number {
    return this.options.pollMs ?? 500;
  }

  /**
   * Makes the preview's namespace, or takes the one it already has. Another owner's namespace,
   * one still terminating, or the API refusing it throws PreviewRefusedError: nothing created.
   */
  async claimNamespace(
    name: string,
    id: PreviewIdentity,
    timeoutMs: number,
  ): Promise<'created' | 'existing'> {
    let live = await this.client.get(namespaceRef(name));
    if (live?.metadata.deletionTimestamp !== undefined && ownsNamespace(live, id)) {
      await this.waitGone(namespaceRef(name), timeoutMs);
      live = await this.client.get(namespaceRef(name));
    }
    if (live !== undefined) {
      if (live.metadata.deletionTimestamp !== undefined) {
        throw new PreviewRefusedError(`namespace "${name}" is still being deleted`, {
          hint: 'push again (or reopen) once it is gone: `kubectl get namespace ' + name + '`',
        });
      }
      if (ownsNamespace(live, id)) return 'existing';
      throw new PreviewRefusedError(
        `namespace "${name}" already exists and ${namespaceOwner(live)}: Slipway will not take it over`,
        { hint: `delete or rename that namespace, or give the app another name` },
      );
    }
    try {
      await this.client.apply(previewNamespaceObject(name, id), {
        fieldManager: previewFieldManager,
      });
      return 'created';
    } catch (cause) {
      throw new PreviewRefusedError(
        `the cluster refused namespace "${name}": ${apiMessage(cause)}`,
        { hint: 'look at the admission policies and quotas on namespaces', cause },
      );
    }
  }

  async applyApplication(app: ApplicationObject): Promise<void> {
    try {
      await this.client.apply(app, { fieldManager: previewFieldManager });
    } catch (cause) {
      throw new PreviewRefusedError(
        `the cluster refused Application ${app.metadata.namespace ?? ''}/${app.metadata.name}: ${apiMessage(cause)}`,
        { hint: 'is Slipway installed (`slipway install`)?', cause },
      );
    }
  }

  async annotateApplication(ref: Ref, annotations: Record<string, string>): Promise<void> {
    await this.client.mergePatch(ref, { metadata: { annotations } });
  }

  /** Polls the Application until it has synced `images` and is Healthy, the time is up or `signal` aborts. */
  async waitReady(
    ref: Ref,
    images: readonly string[],
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<SyncProgress> {
    const deadline = Date.now() + timeoutMs;
    let progress: SyncProgress = { ready: false, why: 'the Application was not read yet' };
    while (!signal.aborted) {
      const app = await this.client.get(ref);
      progress =
        app === undefined
          ? { ready: false, why: 'the Application is gone' }
          : syncProgress(app, images);
      if (progress.ready || Date.now() >= deadline) return progress;
      await pause(this.pollMs, signal);
    }
    return progress;
  }

  /** The URL of the namespace's NodePort Service, adding Slipway's `preview` one if there is none. */
  async exposeUrl(namespace: string, id: PreviewIdentity): Promise<string> {
    const services = (await this.client.list('v1', 'Service', { namespace })).items;
    let nodePort = nodePortOf(services, id.app);
    if (nodePort === undefined) {
      const service = previewService(services, namespace, id);
      if (service === undefined) {
        throw new StateError(
          `the config deploys no Service to reach in namespace "${namespace}", so the preview has no URL`,
          { hint: 'add a Service that selects the app’s pods to the config repository' },
        );
      }
      const applied = await this.client.apply(service, { fieldManager: previewFieldManager });
      nodePort = nodePortOf([applied], 'preview');
    }
    if (nodePort === undefined) {
      throw new StateError(`the NodePort Service in "${namespace}" was given no node port`);
    }
    return previewUrl(this.options.nodeHost, nodePort);
  }

  /** Whether the URL answers HTTP at all within the time (kube-proxy programs a NodePort a moment late). */
  async answers(url: string, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!signal.aborted) {
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        await res.arrayBuffer();
        return true;
      } catch {
        if (Date.now() >= deadline) return false;
      }
      await pause(this.pollMs, signal);
    }
    return false;
  }

  /**
   * Deletes the Application with the resources finalizer, so the GitOps engine deletes what it
   * deployed first; 'stuck' when it is still there after the time (no controller watching it).
   */
  async deleteApplication(ref: Ref, finalizer: string, timeoutMs: number): Promise<Gone> {
    const live = await this.client.get(ref);
    if (live === undefined) return 'absent';
    const finalizers = live.metadata.finalizers ?? [];
    if (live.metadata.deletionTimestamp === undefined && !finalizers.includes(finalizer)) {
      await this.client.mergePatch(ref, { metadata: { finalizers: [...finalizers, finalizer] } });
    }
    await this.client.delete(ref);
    return (await this.waitGone(ref, timeoutMs)) ? 'deleted' : 'stuck';
  }

  /** Deletes the namespace if it is this preview's; 'foreign' when it is someone else's. */
  async deleteNamespace(
    name: string,
    id: PreviewIdentity,
    timeoutMs: number,
  ): Promise<Gone | 'foreign'> {
    const live = await this.client.get(namespaceRef(name));
    if (live === undefined) return 'absent';
    if (!ownsNamespace(live, id)) return 'foreign';
    await this.client.delete(namespaceRef(name));
    return (await this.waitGone(namespaceRef(name), timeoutMs)) ? 'deleted' : 'stuck';
  }

  /** Every preview Application, for `slipway preview list`. */
  async previewApplications(): Promise<ApplicationObject[]> {
    const list = await this.client.list(applicationApiVersion, 'Application', {
      labelSelector: previewLabels.pr,
    });
    return list.items;
  }

  private async waitGone(ref: Ref, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const live: KubeObject | undefined = await this.client.get(ref);
      if (live === undefined) return true;
      if (Date.now() >= deadline) return false;
      await pause(this.pollMs);
    }
  }
}
