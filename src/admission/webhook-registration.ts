import type { ObjectClient } from '../kube/index.js';
import {
  workloadIdentityWebhookConfiguration,
  workloadIdentityWebhookConfigurationName,
  type WebhookConfigurationOptions,
} from './webhook-configuration.js';

// Creating and removing the MutatingWebhookConfiguration (cluster-scoped; `slipway up` runs with
// the admin kubeconfig, any other identity needs create/get/patch/delete on
// mutatingwebhookconfigurations and get on serviceaccounts).

const ref = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'MutatingWebhookConfiguration',
  name: workloadIdentityWebhookConfigurationName,
} as const;

/** Creates or updates the configuration (server-side apply): the URL and caBundle of this start. */
export async function registerWorkloadIdentityWebhook(
  client: Pick<ObjectClient, 'apply'>,
  options: WebhookConfigurationOptions,
): Promise<void> {
  await client.apply(workloadIdentityWebhookConfiguration(options));
}

/**
 * Deletes the configuration when it still sends to `url`; one another Slipway registered since
 * is left to it. True when deleted.
 */
export async function unregisterWorkloadIdentityWebhook(
  client: Pick<ObjectClient, 'get' | 'delete'>,
  url: string,
): Promise<boolean> {
  const current = await client.get(ref);
  const webhooks = (current?.['webhooks'] ?? []) as { clientConfig?: { url?: string } }[];
  if (!webhooks.some((w) => w.clientConfig?.url === url)) return false;
  return client.delete(ref);
}
