import { slipwayApiVersion, type KubeObject } from '../../kube/index.js';
import type { SecretSyncSpec } from '../../config/secret-sync.js';
import { managedLabel } from '../kubernetes/index.js';

// The Secret a SecretSync asks for, whether a live Secret is already it, and whether the live
// one is this SecretSync's to write. Pure.

export type SecretSyncObject = KubeObject & { spec?: unknown; status?: unknown };

type OwnerReference = {
  apiVersion: string;
  kind: string;
  name: string;
  uid?: string;
  controller?: boolean;
};

const ownersOf = (object: KubeObject): OwnerReference[] =>
  (object.metadata['ownerReferences'] as OwnerReference[] | undefined) ?? [];

/** The Secret with every value in `values` (by Secret key), owned by the SecretSync. */
export function desiredSecret(
  sync: SecretSyncObject,
  spec: SecretSyncSpec,
  values: ReadonlyMap<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: spec.target.name,
      namespace: sync.metadata.namespace ?? 'default',
      labels: { ...spec.target.labels, [managedLabel]: 'true' },
      ...(spec.target.annotations ? { annotations: { ...spec.target.annotations } } : {}),
      ownerReferences: [
        {
          apiVersion: slipwayApiVersion,
          kind: 'SecretSync',
          name: sync.metadata.name,
          uid: sync.metadata.uid ?? '',
          controller: true,
        },
      ],
    },
    type: spec.target.type,
    data: Object.fromEntries(
      [...values].map(([key, value]) => [key, Buffer.from(value, 'utf8').toString('base64')]),
    ),
  };
}

/** The live Secret is controlled by this SecretSync (same uid when both are known). */
export function ownedBy(secret: KubeObject, sync: SecretSyncObject): boolean {
  return ownersOf(secret).some(
    (o) =>
      o.controller === true &&
      o.kind === 'SecretSync' &&
      o.name === sync.metadata.name &&
      (o.uid === undefined || sync.metadata.uid === undefined || o.uid === sync.metadata.uid),
  );
}

const sameEntries = (
  live: Record<string, string> | undefined,
  wanted: Record<string, string> | undefined,
): boolean => Object.entries(wanted ?? {}).every(([k, v]) => live?.[k] === v);

/**
 * The live Secret already is the desired one: the same type and exactly the same data, and the
 * desired labels and annotations (others may add their own).
 */
export function inStep(live: KubeObject, desired: KubeObject): boolean {
  const liveData = (live['data'] as Record<string, string> | undefined) ?? {};
  const wantedData = (desired['data'] as Record<string, string> | undefined) ?? {};
  return (
    (live['type'] ?? 'Opaque') === desired['type'] &&
    Object.keys(liveData).length === Object.keys(wantedData).length &&
    sameEntries(liveData, wantedData) &&
    sameEntries(live.metadata.labels, desired.metadata.labels) &&
    sameEntries(live.metadata.annotations, desired.metadata.annotations)
  );
}
