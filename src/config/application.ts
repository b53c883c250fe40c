import { z } from 'zod';

// The Application's spec: field-compatible with Argo CD's for every field Slipway supports, so an
// Argo CD manifest works after changing only its apiVersion. Fields Slipway does not support are
// kept by the API server (x-kubernetes-preserve-unknown-fields) and reported as a condition.

const nonEmpty = z.string().min(1);

export const directorySourceSchema = z.object({
  recurse: z.boolean().optional(),
  include: z.string().optional(),
  exclude: z.string().optional(),
});

export const kustomizeSourceSchema = z.object({
  images: z.array(nonEmpty).optional(),
  namePrefix: z.string().optional(),
  nameSuffix: z.string().optional(),
  commonLabels: z.record(z.string()).optional(),
  commonAnnotations: z.record(z.string()).optional(),
});

export const helmParameterSchema = z.object({
  name: nonEmpty,
  value: z.string(),
  forceString: z.boolean().optional(),
});

export const helmSourceSchema = z.object({
  valueFiles: z.array(nonEmpty).optional(),
  values: z.string().optional(),
  valuesObject: z.record(z.unknown()).optional(),
  parameters: z.array(helmParameterSchema).optional(),
  releaseName: z.string().optional(),
});

export const applicationSourceSchema = z.object({
  repoURL: nonEmpty,
  targetRevision: z.string().optional(),
  path: z.string().optional(),
  directory: directorySourceSchema.optional(),
  kustomize: kustomizeSourceSchema.optional(),
  helm: helmSourceSchema.optional(),
});

export const destinationSchema = z.object({
  server: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
});

export const syncPolicySchema = z.object({
  automated: z
    .object({
      prune: z.boolean().optional(),
      selfHeal: z.boolean().optional(),
      allowEmpty: z.boolean().optional(),
    })
    .optional(),
  syncOptions: z.array(z.string()).optional(),
});

export const ignoreDifferenceSchema = z.object({
  group: z.string().optional(),
  kind: nonEmpty,
  name: z.string().optional(),
  namespace: z.string().optional(),
  jsonPointers: z.array(z.string()).optional(),
  jqPathExpressions: z.array(z.string()).optional(),
});

export const applicationSpecSchema = z.object({
  project: z.string().optional(),
  source: applicationSourceSchema,
  destination: destinationSchema,
  syncPolicy: syncPolicySchema.optional(),
  revisionHistoryLimit: z.number().int().min(0).optional(),
  ignoreDifferences: z.array(ignoreDifferenceSchema).optional(),
});

export type ApplicationSource = z.infer<typeof applicationSourceSchema>;
export type ApplicationSpec = z.infer<typeof applicationSpecSchema>;
export type IgnoreDifference = z.infer<typeof ignoreDifferenceSchema>;
export type SyncPolicy = z.infer<typeof syncPolicySchema>;

/** The in-cluster destination, as Argo CD spells it. */
export const inClusterServer = 'https://kubernetes.default.svc';
export const defaultRevisionHistoryLimit = 10;
