import type { KubeObject, ObjectRef } from '../../kube/index.js';

export type ResourceSyncStatus = 'Synced' | 'OutOfSync';

/** One object the Application renders or once rendered, with what a compare found. */
export type ResourceState = {
  readonly key: string;
  readonly ref: ObjectRef;
  readonly desired: KubeObject | undefined;
  readonly live: KubeObject | undefined;
  readonly status: ResourceSyncStatus;
  /** Live, tracked by this app, and no longer rendered. */
  readonly requiresPruning: boolean;
};

export type SyncOptions = {
  readonly prune: boolean;
  readonly applyOutOfSyncOnly: boolean;
  readonly pruneLast: boolean;
};

export type SyncPlan = {
  readonly waves: readonly { readonly wave: number; readonly apply: readonly ResourceState[] }[];
  readonly prune: readonly ResourceState[];
  /** Resources that would be pruned but Prune is off, for the whole sync or by annotation. */
  readonly prunePending: readonly ResourceState[];
};

const waveAnnotations = ['slipway.dev/sync-wave', 'argocd.argoproj.io/sync-wave'];
const syncOptionsAnnotations = ['slipway.dev/sync-options', 'argocd.argoproj.io/sync-options'];

// Within one wave, kinds go in dependency order (as Helm and Argo CD do): a Namespace before what
// lives in it, a ServiceAccount before the Pods that use it, a CRD before its objects.
const kindOrder = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

export function syncWave(object: KubeObject | undefined): number {
  for (const key of waveAnnotations) {
    const value = object?.metadata.annotations?.[key];
    if (value !== undefined && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  }
  return 0;
}

/** The sync options an object's annotation sets, e.g. `Prune=false,Replace=true`. Pure. */
export function objectSyncOptions(object: KubeObject | undefined): Set<string> {
  const out = new Set<string>();
  for (const key of syncOptionsAnnotations) {
    for (const opt of (object?.metadata.annotations?.[key] ?? '').split(','))
      if (opt.trim()) out.add(opt.trim());
  }
  return out;
}

const kindRank = (kind: string): number => {
  const i = kindOrder.indexOf(kind);
  return i === -1 ? kindOrder.length : i;
};

/** What a sync does, in order: waves of applies (kind order within a wave), then or among them, prunes. Pure. */
export function planSync(resources: readonly ResourceState[], options: SyncOptions): SyncPlan {
  const toApply = resources.filter(
    (r) => r.desired !== undefined && (!options.applyOutOfSyncOnly || r.status === 'OutOfSync'),
  );
  const byWave = new Map<number, ResourceState[]>();
  for (const r of toApply) {
    const wave = syncWave(r.desired);
    byWave.set(wave, [...(byWave.get(wave) ?? []), r]);
  }
  const waves = [...byWave.entries()]
    .sort(([a], [b]) => a - b)
    .map(([wave, list]) => ({
      wave,
      apply: [...list].sort(
        (a, b) => kindRank(a.ref.kind) - kindRank(b.ref.kind) || a.key.localeCompare(b.key),
      ),
    }));
  const pruneCandidates = resources.filter((r) => r.requiresPruning);
  const blocked = (r: ResourceState): boolean =>
    !options.prune || objectSyncOptions(r.live).has('Prune=false');
  const prune = pruneCandidates
    .filter((r) => !blocked(r))
    // Delete in reverse kind order: workloads before the ServiceAccounts and Namespaces they use.
    .sort((a, b) => kindRank(b.ref.kind) - kindRank(a.ref.kind));
  return { waves, prune, prunePending: pruneCandidates.filter(blocked) };
}

/** Application-level sync options (`syncPolicy.syncOptions`), e.g. CreateNamespace=true. Pure. */
export function appSyncOptions(options: readonly string[] | undefined): {
  createNamespace: boolean;
  pruneLast: boolean;
  applyOutOfSyncOnly: boolean;
} {
  const set = new Set((options ?? []).map((o) => o.trim()));
  return {
    createNamespace: set.has('CreateNamespace=true'),
    pruneLast: set.has('PruneLast=true'),
    applyOutOfSyncOnly: set.has('ApplyOutOfSyncOnly=true'),
  };
}
