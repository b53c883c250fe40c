import type { ZodType } from 'zod';
import { applicationSpecSchema } from '../config/index.js';
import { rolloutSpecSchema } from '../config/rollout.js';
import { secretSyncSpecSchema } from '../config/secret-sync.js';
import { crdSchemaFromZod, type OpenApiSchema } from './crd-schema.js';

export const slipwayGroup = 'slipway.dev';
export const slipwayVersion = 'v1alpha1';
export const applicationApiVersion = `${slipwayGroup}/${slipwayVersion}`;
export const slipwayApiVersion = applicationApiVersion;

type PrinterColumn = { name: string; type: string; jsonPath: string; priority?: number };

type CrdShape = {
  readonly kind: string;
  readonly plural: string;
  readonly shortNames?: readonly string[];
  readonly scope?: 'Namespaced' | 'Cluster';
  /** The spec's schema; absent keeps any spec (checked by the controller instead). */
  readonly spec?: ZodType;
  readonly extraFields?: Record<string, OpenApiSchema>;
  readonly columns?: readonly PrinterColumn[];
  readonly scale?: boolean;
};

const anyObject = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/** A CRD in slipway.dev whose schema comes from the zod schema the controller validates with. */
function slipwayCrd(shape: CrdShape): Record<string, unknown> {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {
      name: `${shape.plural}.${slipwayGroup}`,
      labels: { 'app.kubernetes.io/part-of': 'slipway' },
    },
    spec: {
      group: slipwayGroup,
      scope: shape.scope ?? 'Namespaced',
      names: {
        kind: shape.kind,
        listKind: `${shape.kind}List`,
        plural: shape.plural,
        singular: shape.kind.toLowerCase(),
        ...(shape.shortNames ? { shortNames: shape.shortNames } : {}),
      },
      versions: [
        {
          name: slipwayVersion,
          served: true,
          storage: true,
          subresources: {
            status: {},
            ...(shape.scale
              ? {
                  scale: {
                    specReplicasPath: '.spec.replicas',
                    statusReplicasPath: '.status.replicas',
                    labelSelectorPath: '.status.selector',
                  },
                }
              : {}),
          },
          additionalPrinterColumns: [
            ...(shape.columns ?? []),
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
                spec: shape.spec ? crdSchemaFromZod(shape.spec) : anyObject,
                ...shape.extraFields,
                status: anyObject,
              },
            },
          },
        },
      ],
    },
  };
}

/** The Application CRD. */
export function applicationCrd(): Record<string, unknown> {
  return slipwayCrd({
    kind: 'Application',
    plural: 'applications',
    shortNames: ['app', 'apps'],
    spec: applicationSpecSchema,
    // Argo CD manifests may carry an `operation` (a requested sync); Slipway reads it.
    extraFields: { operation: anyObject },
    columns: [
      { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
      { name: 'Health Status', type: 'string', jsonPath: '.status.health.status' },
      { name: 'Revision', type: 'string', jsonPath: '.status.sync.revision', priority: 10 },
    ],
  });
}

/** Rollout, AnalysisTemplate, ClusterAnalysisTemplate and AnalysisRun. */
export function progressiveDeliveryCrds(
  analysisSpec?: ZodType,
  runSpec?: ZodType,
): Record<string, unknown>[] {
  return [
    slipwayCrd({
      kind: 'Rollout',
      plural: 'rollouts',
      shortNames: ['ro'],
      spec: rolloutSpecSchema,
      scale: true,
      columns: [
        { name: 'Desired', type: 'integer', jsonPath: '.spec.replicas' },
        { name: 'Current', type: 'integer', jsonPath: '.status.replicas' },
        { name: 'Up-to-date', type: 'integer', jsonPath: '.status.updatedReplicas' },
        { name: 'Available', type: 'integer', jsonPath: '.status.availableReplicas' },
        { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
      ],
    }),
    slipwayCrd({
      kind: 'AnalysisTemplate',
      plural: 'analysistemplates',
      shortNames: ['at'],
      ...(analysisSpec ? { spec: analysisSpec } : {}),
    }),
    slipwayCrd({
      kind: 'ClusterAnalysisTemplate',
      plural: 'clusteranalysistemplates',
      shortNames: ['cat'],
      scope: 'Cluster',
      ...(analysisSpec ? { spec: analysisSpec } : {}),
    }),
    slipwayCrd({
      kind: 'AnalysisRun',
      plural: 'analysisruns',
      shortNames: ['ar'],
      ...(runSpec ? { spec: runSpec } : {}),
      columns: [{ name: 'Status', type: 'string', jsonPath: '.status.phase' }],
    }),
  ];
}

/** SecretSync: a Secret kept in step with Slipway's secret store (src/secrets/sync). */
export function secretSyncCrd(): Record<string, unknown> {
  return slipwayCrd({
    kind: 'SecretSync',
    plural: 'secretsyncs',
    shortNames: ['ss'],
    spec: secretSyncSpecSchema,
    columns: [
      { name: 'Project', type: 'string', jsonPath: '.spec.secretStoreRef.project' },
      { name: 'Secret', type: 'string', jsonPath: '.spec.target.name' },
      { name: 'Ready', type: 'string', jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
      { name: 'Refreshed', type: 'date', jsonPath: '.status.refreshTime', priority: 10 },
    ],
  });
}
