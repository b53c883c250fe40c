import { slipwayApiVersion, type KubeObject, type ObjectClient } from '../../kube/index.js';
import type { SecretSyncStatus } from '../../config/secret-sync.js';

// The few Kubernetes calls the SecretSync controller makes, as an interface so the reconcile can
// be tested against an in-memory double; `secretSyncKube` is the real one over ObjectClient.

/** The field manager of the Secrets the controller applies. */
export const secretSyncFieldManager = 'slipway-secret-sync';

export type SecretSyncEventType = 'Normal' | 'Warning';

export type SecretSyncKube = {
  getSecret(namespace: string, name: string): Promise<KubeObject | undefined>;
  /** Server-side apply of the whole desired Secret. */
  applySecret(secret: KubeObject): Promise<void>;
  /** Replaces the status; answers the updated SecretSync when the API returns it. */
  writeStatus(
    namespace: string,
    name: string,
    status: SecretSyncStatus,
  ): Promise<KubeObject | undefined>;
  /** A Kubernetes Event on the SecretSync; its message must never hold a value. */
  recordEvent(
    sync: KubeObject,
    type: SecretSyncEventType,
    reason: string,
    message: string,
  ): Promise<void>;
};

export function secretSyncKube(client: ObjectClient): SecretSyncKube {
  return {
    getSecret: (namespace, name) =>
      client.get({ apiVersion: 'v1', kind: 'Secret', namespace, name }),
    applySecret: async (secret) => {
      await client.apply(secret, { fieldManager: secretSyncFieldManager, force: true });
    },
    writeStatus: async (namespace, name, status) => ({
      ...(await client.replaceStatus(
        { apiVersion: slipwayApiVersion, kind: 'SecretSync', namespace, name },
        status,
      )),
      apiVersion: slipwayApiVersion,
      kind: 'SecretSync',
    }),
    recordEvent: async (sync, type, reason, message) => {
      const namespace = sync.metadata.namespace ?? 'default';
      const now = new Date().toISOString();
      await client.rest.send({
        method: 'POST',
        path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
        body: {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { generateName: `${sync.metadata.name}.`, namespace },
          involvedObject: {
            apiVersion: slipwayApiVersion,
            kind: 'SecretSync',
            namespace,
            name: sync.metadata.name,
            uid: sync.metadata.uid,
            resourceVersion: sync.metadata.resourceVersion,
          },
          type,
          reason,
          message,
          source: { component: secretSyncFieldManager },
          reportingComponent: secretSyncFieldManager,
          firstTimestamp: now,
          lastTimestamp: now,
          count: 1,
        },
      });
    },
  };
}
