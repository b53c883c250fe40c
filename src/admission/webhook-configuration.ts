import { InputError } from '../errors/index.js';
import type { KubeObject } from '../kube/index.js';

// The MutatingWebhookConfiguration that sends pod creations to Slipway's admission listener.

export const workloadIdentityWebhookConfigurationName = 'slipway-workload-identity';
export const workloadIdentityWebhookPath = '/mutate/workload-identity';
/** On a namespace or a pod, `slipway.dev/workload-identity: disabled` turns injection off. */
export const admissionOptOutLabel = 'slipway.dev/workload-identity';
export const admissionOptOutValue = 'disabled';
/** Never in the way of the control plane, nor of Slipway's own actors. */
export const admissionExcludedNamespaces = ['kube-system', 'slipway-system'] as const;

const namespaceNameLabel = 'kubernetes.io/metadata.name';
const optOut = { key: admissionOptOutLabel, operator: 'NotIn', values: [admissionOptOutValue] };

export type WebhookConfigurationOptions = {
  /** Where the API server posts AdmissionReviews, e.g. https://127.0.0.1:41234/mutate/workload-identity. */
  readonly url: string;
  /** The PEM of the CA that signed the listener's serving certificate. */
  readonly caCertificate: Buffer | string;
  /** Only these namespaces (Slipway's --namespaces); every namespace but the excluded when empty. */
  readonly namespaces?: readonly string[];
  readonly timeoutSeconds?: number;
};

function namespaceSelector(namespaces: readonly string[]): Record<string, unknown> {
  const excluded: readonly string[] = admissionExcludedNamespaces;
  const chosen = namespaces.filter((n) => !excluded.includes(n));
  if (namespaces.length > 0 && chosen.length === 0) {
    throw new InputError(
      `--admission: the namespaces ${namespaces.join(', ')} are never injected (${excluded.join(', ')} are left alone)`,
      {
        hint: 'name the namespaces your workloads run in with --namespaces, or leave --admission off',
      },
    );
  }
  const names =
    namespaces.length === 0
      ? { key: namespaceNameLabel, operator: 'NotIn', values: [...excluded] }
      : { key: namespaceNameLabel, operator: 'In', values: chosen };
  return { matchExpressions: [names, optOut] };
}

/**
 * Pod creations only, `failurePolicy: Ignore` (a Slipway that is down or slow delays no pod; the
 * pod starts without the token), no side effects, so dry runs are sent too. Pure.
 */
export function workloadIdentityWebhookConfiguration(
  options: WebhookConfigurationOptions,
): KubeObject {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'MutatingWebhookConfiguration',
    metadata: {
      name: workloadIdentityWebhookConfigurationName,
      labels: { 'app.kubernetes.io/part-of': 'slipway' },
    },
    webhooks: [
      {
        name: 'workload-identity.slipway.dev',
        clientConfig: {
          url: options.url,
          caBundle: Buffer.from(options.caCertificate).toString('base64'),
        },
        rules: [
          {
            operations: ['CREATE'],
            apiGroups: [''],
            apiVersions: ['v1'],
            resources: ['pods'],
            scope: 'Namespaced',
          },
        ],
        failurePolicy: 'Ignore',
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        timeoutSeconds: options.timeoutSeconds ?? 5,
        // A later webhook may add a container; the patch is idempotent, so run again then.
        reinvocationPolicy: 'IfNeeded',
        namespaceSelector: namespaceSelector(options.namespaces ?? []),
        objectSelector: { matchExpressions: [optOut] },
      },
    ],
  };
}
