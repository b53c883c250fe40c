import { Discovery } from './discovery.js';
import type { KubeObject, ObjectRef } from './object-ref.js';
import type { KubeRest } from './rest-client.js';

export const slipwayFieldManager = 'slipway';

export type ApplyOptions = {
  readonly dryRun?: boolean;
  readonly fieldManager?: string;
  readonly force?: boolean;
};

/** Typed-enough CRUD on any kind, by apiVersion + kind, in plain JSON. */
export class ObjectClient {
  readonly discovery: Discovery;

  constructor(readonly rest: KubeRest) {
    this.discovery = new Discovery(rest);
  }

  async get(ref: ObjectRef): Promise<KubeObject | undefined> {
    const path = await this.discovery.path(ref.apiVersion, ref.kind, ref.namespace, ref.name);
    try {
      return await this.rest.send<KubeObject>({ method: 'GET', path });
    } catch (error) {
      if ((error as { status?: number }).status === 404) return undefined;
      throw error;
    }
  }

  async list(
    apiVersion: string,
    kind: string,
    options: { namespace?: string; labelSelector?: string } = {},
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const path = await this.discovery.path(apiVersion, kind, options.namespace);
    const list = await this.rest.send<{
      items: KubeObject[];
      metadata: { resourceVersion: string };
    }>({
      method: 'GET',
      path,
      query: { labelSelector: options.labelSelector },
    });
    return {
      items: list.items.map((o) => ({ ...o, apiVersion, kind })),
      resourceVersion: list.metadata.resourceVersion,
    };
  }

  /** Server-side apply; with dryRun the server computes the result and changes nothing. */
  async apply(object: KubeObject, options: ApplyOptions = {}): Promise<KubeObject> {
    const path = await this.discovery.path(
      object.apiVersion,
      object.kind,
      object.metadata.namespace,
      object.metadata.name,
    );
    return this.rest.send<KubeObject>({
      method: 'PATCH',
      path,
      contentType: 'application/apply-patch+yaml',
      body: object,
      query: {
        fieldManager: options.fieldManager ?? slipwayFieldManager,
        force: options.force === false ? undefined : 'true',
        dryRun: options.dryRun ? 'All' : undefined,
      },
    });
  }

  async delete(
    ref: ObjectRef,
    propagationPolicy: 'Foreground' | 'Background' | 'Orphan' = 'Background',
  ): Promise<boolean> {
    const path = await this.discovery.path(ref.apiVersion, ref.kind, ref.namespace, ref.name);
    try {
      await this.rest.send({
        method: 'DELETE',
        path,
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy },
      });
      return true;
    } catch (error) {
      if ((error as { status?: number }).status === 404) return false;
      throw error;
    }
  }

  /** Replaces the whole status (a JSON Patch), so fields a new status lacks are removed. */
  async replaceStatus(ref: ObjectRef, status: unknown): Promise<KubeObject> {
    const path = await this.discovery.path(ref.apiVersion, ref.kind, ref.namespace, ref.name);
    return this.rest.send<KubeObject>({
      method: 'PATCH',
      path: `${path}/status`,
      contentType: 'application/json-patch+json',
      body: [{ op: 'add', path: '/status', value: status }],
    });
  }

  /** JSON merge patch on the object or one of its subresources (e.g. `status`). */
  async mergePatch(ref: ObjectRef, patch: unknown, subresource?: 'status'): Promise<KubeObject> {
    const path = await this.discovery.path(ref.apiVersion, ref.kind, ref.namespace, ref.name);
    return this.rest.send<KubeObject>({
      method: 'PATCH',
      path: subresource ? `${path}/${subresource}` : path,
      contentType: 'application/merge-patch+json',
      body: patch,
    });
  }
}
