import { applicationSpecSchema } from '../config/index.js';
import { crdSchemaFromZod } from './crd-schema.js';

export const slipwayGroup = 'slipway.dev';
export const slipwayVersion = 'v1alpha1';
export const applicationApiVersion = `${slipwayGroup}/${slipwayVersion}`;

/** The Application CRD, its schema generated from the same zod schema the controller validates with. */
export function applicationCrd(): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `applications.${slipwayGroup}`,
      labels: { 'app.kubernetes.io/part-of': 'slipway' },
    },
    spec: {
      group: slipwayGroup,
      scope: 'Namespaced',
      names: {
        kind: 'Application',
        listKind: 'ApplicationList',
        plural: 'applications',
        singular: 'application',
        shortNames: ['app', 'apps'],
      },
      versions: [
        {
          name: slipwayVersion,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: [
            { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
            { name: 'Health Status', type: 'string', jsonPath: '.status.health.status' },
            { name: 'Revision', type: 'string', jsonPath: '.status.sync.revision', priority: 10 },
            { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
          ],
          schema: {
            openAPIV3Schema: {
              type: 'object',
              required: ['spec'],
              properties: {
                apiVersion: { type: 'string' },
                kind: { type: 'string' },
                metadata: { type: 'object' },
                spec: crdSchemaFromZod(applicationSpecSchema),
                // Argo CD manifests may carry an `operation` (a requested sync); Slipway reads it.
                operation: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
        },
      ],
    },
  };
}
