import { InputError } from '../errors/index.js';
import type { KubeRest } from './rest-client.js';

export type ResourceInfo = { readonly plural: string; readonly namespaced: boolean };

type ApiResourceList = { resources: { name: string; kind: string; namespaced: boolean }[] };

/** Maps apiVersion + kind to its REST resource, from API discovery; refreshed on a miss (new CRDs). */
export class Discovery {
  private readonly byGroupVersion = new Map<string, Promise<Map<string, ResourceInfo>>>();

  constructor(private readonly rest: KubeRest) {}

  async resolve(apiVersion: string, kind: string): Promise<ResourceInfo> {
    let found = (await this.load(apiVersion)).get(kind);
    if (found === undefined) {
      this.byGroupVersion.delete(apiVersion);
      found = (await this.load(apiVersion)).get(kind);
    }
    if (found === undefined) {
      throw new InputError(`the cluster has no kind ${kind} in ${apiVersion}`, {
        hint: `install the CustomResourceDefinition that defines ${kind} (${apiVersion}) first, or fix apiVersion/kind`,
      });
    }
    return found;
  }

  /** The REST path of a collection or of one object. */
  async path(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name?: string,
  ): Promise<string> {
    const info = await this.resolve(apiVersion, kind);
    const prefix = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const ns = info.namespaced && namespace ? `/namespaces/${namespace}` : '';
    return `${prefix}${ns}/${info.plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
  }

  private load(apiVersion: string): Promise<Map<string, ResourceInfo>> {
    let pending = this.byGroupVersion.get(apiVersion);
    if (pending === undefined) {
      const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
      pending = this.rest
        .send<ApiResourceList>({ method: 'GET', path })
        .then((list) => {
          const map = new Map<string, ResourceInfo>();
          for (const r of list.resources) {
            if (!r.name.includes('/'))
              map.set(r.kind, { plural: r.name, namespaced: r.namespaced });
          }
          return map;
        })
        .catch((error: unknown) => {
          this.byGroupVersion.delete(apiVersion);
          if ((error as { status?: number }).status === 404) return new Map<string, ResourceInfo>();
          throw error;
        });
      this.byGroupVersion.set(apiVersion, pending);
    }
    return pending;
  }
}
