import { describe, expect, it } from 'vitest';
import type { KubeObject, ObjectRef } from '../kube/index.js';
import { workloadIdentityWebhookConfiguration } from './webhook-configuration.js';
import {
  registerWorkloadIdentityWebhook,
  unregisterWorkloadIdentityWebhook,
} from './webhook-registration.js';

const url = 'https://127.0.0.1:9443/mutate/workload-identity';

function fakeClient() {
  let stored: KubeObject | undefined;
  return {
    apply: (object: KubeObject) => Promise.resolve((stored = object)),
    get: (_ref: ObjectRef) => Promise.resolve(stored),
    delete: (_ref: ObjectRef) => Promise.resolve(stored !== undefined && !(stored = undefined)),
    stored: () => stored,
  };
}

describe('the webhook registration', () => {
  it('applies the configuration, and deletes it when it still names this listener', async () => {
    const client = fakeClient();
    await registerWorkloadIdentityWebhook(client, { url, caCertificate: 'pem' });
    expect(client.stored()?.metadata.name).toBe('slipway-workload-identity');
    expect(await unregisterWorkloadIdentityWebhook(client, url)).toBe(true);
    expect(client.stored()).toBeUndefined();
    expect(await unregisterWorkloadIdentityWebhook(client, url)).toBe(false);
  });

  it("leaves another Slipway's configuration in place", async () => {
    const client = fakeClient();
    await client.apply(
      workloadIdentityWebhookConfiguration({ url: 'https://127.0.0.1:1/x', caCertificate: 'p' }),
    );
    expect(await unregisterWorkloadIdentityWebhook(client, url)).toBe(false);
    expect(client.stored()).toBeDefined();
  });
});
