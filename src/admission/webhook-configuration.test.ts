import { describe, expect, it } from 'vitest';
import { workloadIdentityWebhookConfiguration } from './webhook-configuration.js';

const url = 'https://127.0.0.1:9443/mutate/workload-identity';
const pem = '-----BEGIN CERTIFICATE-----\nMII…\n-----END CERTIFICATE-----\n';

type Webhook = {
  clientConfig: { url: string; caBundle: string };
  namespaceSelector: { matchExpressions: { key: string; operator: string; values: string[] }[] };
  objectSelector: unknown;
  [field: string]: unknown;
};
const webhookOf = (namespaces?: string[]): Webhook =>
  (
    workloadIdentityWebhookConfiguration({ url, caCertificate: pem, namespaces })[
      'webhooks'
    ] as Webhook[]
  )[0]!;

describe('workloadIdentityWebhookConfiguration', () => {
  it('sends pod creations to the URL, trusting the CA, and never holds a pod back', () => {
    const config = workloadIdentityWebhookConfiguration({ url, caCertificate: pem });
    expect(config.metadata.name).toBe('slipway-workload-identity');
    const webhook = webhookOf();
    expect(webhook.clientConfig).toEqual({
      url,
      caBundle: Buffer.from(pem).toString('base64'),
    });
    expect(webhook).toMatchObject({
      rules: [
        { operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] },
      ],
      failurePolicy: 'Ignore',
      sideEffects: 'None',
      admissionReviewVersions: ['v1'],
      timeoutSeconds: 5,
    });
    expect(webhook.objectSelector).toEqual({
      matchExpressions: [
        { key: 'slipway.dev/workload-identity', operator: 'NotIn', values: ['disabled'] },
      ],
    });
  });

  it('skips kube-system and slipway-system, and namespaces that opt out', () => {
    expect(webhookOf().namespaceSelector.matchExpressions).toEqual([
      {
        key: 'kubernetes.io/metadata.name',
        operator: 'NotIn',
        values: ['kube-system', 'slipway-system'],
      },
      { key: 'slipway.dev/workload-identity', operator: 'NotIn', values: ['disabled'] },
    ]);
  });

  it("covers only Slipway's namespaces when it watches some", () => {
    expect(webhookOf(['cats', 'kube-system']).namespaceSelector.matchExpressions[0]).toEqual({
      key: 'kubernetes.io/metadata.name',
      operator: 'In',
      values: ['cats'],
    });
  });

  it('refuses namespaces that are all left alone', () => {
    expect(() => webhookOf(['kube-system'])).toThrow(
      '--admission: the namespaces kube-system are never injected (kube-system, slipway-system are left alone)',
    );
  });
});
