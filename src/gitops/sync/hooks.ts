import type { KubeObject } from '../../kube/index.js';

export type HookType = 'PreSync' | 'Sync' | 'PostSync' | 'SyncFail' | 'Skip';
const hookTypes: readonly HookType[] = ['PreSync', 'Sync', 'PostSync', 'SyncFail', 'Skip'];
const hookAnnotations = ['slipway.dev/hook', 'argocd.argoproj.io/hook'];

/** The hook an object is (Argo CD's annotation, comma-separated), or undefined for a plain resource. Pure. */
export function hookTypesOf(object: KubeObject): HookType[] {
  for (const key of hookAnnotations) {
    const value = object.metadata.annotations?.[key];
    if (value !== undefined) {
      return value
        .split(',')
        .map((v) => v.trim())
        .filter((v): v is HookType => (hookTypes as readonly string[]).includes(v));
    }
  }
  return [];
}

/**
 * Splits rendered objects into plain resources (including `Sync` hooks, which go with their
 * wave) and lifecycle hooks run around the sync; `Skip` objects are dropped. Pure.
 */
export function splitHooks(objects: readonly KubeObject[]): {
  resources: KubeObject[];
  preSync: KubeObject[];
  postSync: KubeObject[];
  syncFail: KubeObject[];
} {
  const out = {
    resources: [] as KubeObject[],
    preSync: [] as KubeObject[],
    postSync: [] as KubeObject[],
    syncFail: [] as KubeObject[],
  };
  for (const o of objects) {
    const types = hookTypesOf(o);
    if (types.includes('Skip')) continue;
    if (types.length === 0 || types.includes('Sync')) out.resources.push(o);
    if (types.includes('PreSync')) out.preSync.push(o);
    if (types.includes('PostSync')) out.postSync.push(o);
    if (types.includes('SyncFail')) out.syncFail.push(o);
  }
  return out;
}
