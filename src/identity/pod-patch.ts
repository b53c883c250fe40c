import type { KubeObject } from '../kube/index.js';
import {
  azureClientIdAnnotation,
  azureTenantIdAnnotation,
  identityAnnotation,
} from './bound-objects.js';

export const workloadIdentityAudience = 'slipway';
export const workloadIdentityMountPath = '/var/run/secrets/slipway.dev/serviceaccount';
export const workloadIdentityVolumeName = 'slipway-identity-token';
export const workloadIdentityTokenFile = `${workloadIdentityMountPath}/token`;

type EnvVar = { readonly name: string; readonly value: string };

/** The pod fields that give a workload its identity token (what admission would inject). */
export type WorkloadIdentityPodPatch = {
  readonly volume: {
    readonly name: string;
    readonly projected: {
      readonly sources: readonly [
        {
          readonly serviceAccountToken: {
            readonly audience: string;
            readonly expirationSeconds: number;
            readonly path: string;
          };
        },
      ];
    };
  };
  readonly volumeMount: {
    readonly name: string;
    readonly mountPath: string;
    readonly readOnly: true;
  };
  readonly env: readonly EnvVar[];
};

export type PodPatchOptions = {
  /** Slipway's token endpoint as pods reach it, e.g. https://slipway.example/api/identity/token. */
  readonly tokenUrl: string;
  /** AZURE_AUTHORITY_HOST for Azure-annotated ServiceAccounts (Slipway's Azure-style base). */
  readonly azureAuthorityHost?: string;
  /** AZURE_TENANT_ID when the ServiceAccount has no azure.workload.identity/tenant-id. */
  readonly azureTenantId?: string;
};

/**
 * The projected token volume, its mount and the environment for a pod running as
 * `serviceAccount`; undefined when the ServiceAccount has no identity annotation. Pure.
 */
export function workloadIdentityPodPatch(
  serviceAccount: Pick<KubeObject, 'metadata'>,
  options: PodPatchOptions,
): WorkloadIdentityPodPatch | undefined {
  const annotations = serviceAccount.metadata.annotations ?? {};
  const azureClientId = annotations[azureClientIdAnnotation]?.trim();
  if (!annotations[identityAnnotation]?.trim() && !azureClientId) return undefined;
  const base = options.tokenUrl.replace(/\/api\/identity\/token$/, '');
  const azure: EnvVar[] = azureClientId
    ? [
        { name: 'AZURE_FEDERATED_TOKEN_FILE', value: workloadIdentityTokenFile },
        { name: 'AZURE_CLIENT_ID', value: azureClientId },
        {
          name: 'AZURE_TENANT_ID',
          value: annotations[azureTenantIdAnnotation]?.trim() || options.azureTenantId || 'slipway',
        },
        {
          name: 'AZURE_AUTHORITY_HOST',
          value: options.azureAuthorityHost ?? `${base}/api/identity/azure/`,
        },
      ]
    : [];
  return {
    volume: {
      name: workloadIdentityVolumeName,
      projected: {
        sources: [
          {
            serviceAccountToken: {
              audience: workloadIdentityAudience,
              expirationSeconds: 3600,
              path: 'token',
            },
          },
        ],
      },
    },
    volumeMount: {
      name: workloadIdentityVolumeName,
      mountPath: workloadIdentityMountPath,
      readOnly: true,
    },
    env: [
      { name: 'SLIPWAY_IDENTITY_TOKEN_FILE', value: workloadIdentityTokenFile },
      { name: 'SLIPWAY_TOKEN_URL', value: options.tokenUrl },
      ...azure,
    ],
  };
}

type Container = { name: string; env?: EnvVar[]; volumeMounts?: unknown[]; [k: string]: unknown };
export type PodSpecLike = {
  volumes?: unknown[];
  containers: Container[];
  initContainers?: Container[];
  [k: string]: unknown;
};

const named = (list: readonly unknown[] | undefined, name: string): boolean =>
  (list ?? []).some((item) => (item as { name?: unknown }).name === name);

/**
 * Applies the patch to every container of a pod spec; idempotent, and a variable or volume the
 * pod already sets is left as the pod has it. Pure: returns a new spec.
 */
export function applyWorkloadIdentityPatch(
  spec: PodSpecLike,
  patch: WorkloadIdentityPodPatch,
): PodSpecLike {
  const patchContainer = (c: Container): Container => ({
    ...c,
    env: [...(c.env ?? []), ...patch.env.filter((e) => !named(c.env, e.name))],
    volumeMounts: named(c.volumeMounts, patch.volumeMount.name)
      ? (c.volumeMounts ?? [])
      : [...(c.volumeMounts ?? []), patch.volumeMount],
  });
  return {
    ...spec,
    volumes: named(spec.volumes, patch.volume.name)
      ? (spec.volumes ?? [])
      : [...(spec.volumes ?? []), patch.volume],
    containers: spec.containers.map(patchContainer),
    ...(spec.initContainers ? { initContainers: spec.initContainers.map(patchContainer) } : {}),
  };
}
