import type { ObjectClient } from '../../kube/object-client.js';

// The few calls the Kubernetes provider makes, as an interface: the real one is ObjectClient
// plus a POST for create-only (server-side apply would merge into a Secret created meanwhile).

export type KubeSecret = {
  apiVersion: 'v1';
  kind: 'Secret';
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  type?: string;
  /** Base64 values, as the API returns them. */
  data?: Record<string, string>;
};

export type KubeSecretApi = {
  get(namespace: string, name: string): Promise<KubeSecret | undefined>;
  /** Fails with a status-409 error when the Secret exists. */
  create(secret: KubeSecret): Promise<KubeSecret>;
  /** JSON merge patch; a metadata.resourceVersion in it makes it fail with 409 if stale. */
  mergePatch(namespace: string, name: string, patch: unknown): Promise<KubeSecret>;
  list(namespace: string, labelSelector: string): Promise<KubeSecret[]>;
};

const ref = (
  namespace: string,
  name: string,
): { apiVersion: string; kind: string; namespace: string; name: string } => ({
  apiVersion: 'v1',
  kind: 'Secret',
  namespace,
  name,
});

/** The KubeSecretApi of a cluster, over Slipway's ObjectClient. */
export function kubeSecretApi(client: ObjectClient): KubeSecretApi {
  return {
    get: async (namespace, name) =>
      (await client.get(ref(namespace, name))) as KubeSecret | undefined,
    create: (secret) =>
      client.rest.send<KubeSecret>({
        method: 'POST',
        path: `/api/v1/namespaces/${encodeURIComponent(secret.metadata.namespace ?? '')}/secrets`,
        body: secret,
      }),
    mergePatch: async (namespace, name, patch) =>
      (await client.mergePatch(ref(namespace, name), patch)) as KubeSecret,
    list: async (namespace, labelSelector) =>
      (await client.list('v1', 'Secret', { namespace, labelSelector })).items as KubeSecret[],
  };
}
