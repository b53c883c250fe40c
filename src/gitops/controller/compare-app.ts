import type { ApplicationSpec } from '../../config/index.js';
import { InputError } from '../../errors/index.js';
import { KubeApiError, refKey, refOf, type KubeObject, type ObjectRef } from '../../kube/index.js';
import { renderKey, renderSource, type SourceType } from '../render/index.js';
import { isSubsetOf, jsonEqual, normalizeForDiff } from '../sync/normalize.js';
import { splitHooks } from '../sync/hooks.js';
import type { ResourceState } from '../sync/sync-plan.js';
import { isTrackedBy, withTracking, type AppId } from '../sync/tracking.js';
import type { ApplicationObject } from './application-object.js';
import type { EngineDeps } from './engine-deps.js';
import { credentialsFor, loadRepoSecrets } from './repo-credentials.js';

export type Comparison = {
  readonly revision: string;
  readonly sourceType: SourceType;
  readonly resources: readonly ResourceState[];
  readonly desired: readonly KubeObject[];
  /** Lifecycle hooks run around a sync; they take no part in the sync status. */
  readonly hooks: {
    readonly preSync: readonly KubeObject[];
    readonly postSync: readonly KubeObject[];
  };
};

/** Renders the desired state at the target revision and compares each object with the live one. */
export async function compareApp(
  deps: EngineDeps,
  app: ApplicationObject,
  spec: ApplicationSpec,
  targetRevision: string | undefined,
  /** A revision already resolved for this source (no Git round trip), or undefined to ask Git. */
  knownRevision?: string,
): Promise<Comparison> {
  const id: AppId = { namespace: app.metadata.namespace ?? 'default', name: app.metadata.name };
  const source = spec.source;
  const revision =
    knownRevision ??
    (await deps.repos.resolveRevision(
      source.repoURL,
      targetRevision ?? source.targetRevision ?? 'HEAD',
      credentialsFor(
        source.repoURL,
        await loadRepoSecrets(deps.control, [...deps.credentialNamespaces, id.namespace]),
      ),
    ));
  const context = {
    repoURL: source.repoURL,
    revision,
    appName: id.name,
    namespace: spec.destination.namespace ?? '',
  };
  const rendered = await deps.renders.get(
    renderKey(source.repoURL, revision, source, context),
    async () =>
      renderSource(
        deps.renderTools,
        await deps.repos.checkout(source.repoURL, revision),
        source,
        context,
      ),
  );
  const placed = await placeObjects(deps, rendered.objects as KubeObject[], spec, id);
  const { resources: desired, preSync, postSync } = splitHooks(placed);
  const inventory = (app.status?.resources ?? []).map((r) => ({
    apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
    kind: r.kind,
    name: r.name,
    ...(r.namespace ? { namespace: r.namespace } : {}),
  }));
  const resources = await compareObjects(deps, desired, inventory, spec, id);
  return {
    revision,
    sourceType: rendered.sourceType,
    resources,
    desired,
    hooks: { preSync, postSync },
  };
}

/** Gives namespaced objects the destination namespace and marks every object as the app's. */
async function placeObjects(
  deps: EngineDeps,
  objects: KubeObject[],
  spec: ApplicationSpec,
  id: AppId,
): Promise<KubeObject[]> {
  const crdScopes = new Map<string, boolean>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition') continue;
    const s = o['spec'] as
      { group?: string; names?: { kind?: string }; scope?: string } | undefined;
    crdScopes.set(`${s?.group}/${s?.names?.kind}`, s?.scope === 'Namespaced');
  }
  const seen = new Set<string>();
  const placed: KubeObject[] = [];
  for (const o of objects) {
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    const namespaced =
      crdScopes.get(`${group}/${o.kind}`) ??
      (await deps.client.discovery.resolve(o.apiVersion, o.kind)).namespaced;
    const namespace = namespaced
      ? (o.metadata.namespace ?? spec.destination.namespace ?? 'default')
      : undefined;
    const metadata = { ...o.metadata };
    delete metadata.namespace;
    const object = withTracking(
      { ...o, metadata: { ...metadata, ...(namespace ? { namespace } : {}) } },
      id,
    );
    const key = refKey(refOf(object));
    if (seen.has(key)) {
      throw new InputError(`the source renders ${key} twice`, {
        hint: 'remove the duplicate manifest from the repository',
      });
    }
    seen.add(key);
    placed.push(object);
  }
  return placed;
}

async function compareObjects(
  deps: EngineDeps,
  desired: readonly KubeObject[],
  inventory: readonly ObjectRef[],
  spec: ApplicationSpec,
  id: AppId,
): Promise<ResourceState[]> {
  const ignore = spec.ignoreDifferences ?? [];
  const desiredKeys = new Set(desired.map((o) => refKey(refOf(o))));
  const compared = await Promise.all(
    desired.map(async (object): Promise<ResourceState> => {
      const ref = refOf(object);
      const live = await deps.client.get(ref).catch((error: unknown) => {
        if (error instanceof InputError) return undefined; // a kind whose CRD this sync creates
        throw error;
      });
      const status =
        live === undefined
          ? 'OutOfSync'
          : (await inSync(deps, object, live, ignore))
            ? 'Synced'
            : 'OutOfSync';
      return { key: refKey(ref), ref, desired: object, live, status, requiresPruning: false };
    }),
  );
  const orphans = await Promise.all(
    inventory
      .filter((ref) => !desiredKeys.has(refKey(ref)))
      .map(async (ref): Promise<ResourceState | undefined> => {
        const live = await deps.client.get(ref).catch(() => undefined);
        if (live === undefined || !isTrackedBy(live, id)) return undefined;
        return {
          key: refKey(ref),
          ref,
          desired: undefined,
          live,
          status: 'OutOfSync',
          requiresPruning: true,
        };
      }),
  );
  return [...compared, ...orphans.filter((r): r is ResourceState => r !== undefined)];
}

/** Cheap subset check first; only when that sees a difference, ask the server what an apply would give. */
async function inSync(
  deps: EngineDeps,
  desired: KubeObject,
  live: KubeObject,
  ignore: ApplicationSpec['ignoreDifferences'],
): Promise<boolean> {
  const liveView = normalizeForDiff(live, ignore);
  if (isSubsetOf(normalizeForDiff(desired, ignore), liveView)) return true;
  try {
    const predicted = await deps.client.apply(desired, { dryRun: true });
    return jsonEqual(normalizeForDiff(predicted, ignore), liveView);
  } catch (error) {
    // The server refuses the change (e.g. an immutable field): out of sync; the sync will say why.
    if (error instanceof KubeApiError && (error.status === 422 || error.status === 400))
      return false;
    throw error;
  }
}
