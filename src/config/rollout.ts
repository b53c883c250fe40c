import { z } from 'zod';

// The Rollout's spec: field-compatible with Argo Rollouts' canary strategy for every field
// Slipway supports, so an Argo Rollouts manifest works after changing only its apiVersion.
// Unknown fields are kept by the API server and ignored.

const intOrPercent = z.union([z.number().int().min(0), z.string().regex(/^\d+%?$/)]);
/** Argo's durations: a number of seconds, or "10s", "5m", "1h". */
const duration = z.union([z.number().min(0), z.string().min(1)]);

const labelSelectorSchema = z.object({
  matchLabels: z.record(z.string()).optional(),
  matchExpressions: z
    .array(
      z.object({
        key: z.string(),
        operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

const podTemplateSchema = z
  .object({
    metadata: z
      .object({
        labels: z.record(z.string()).optional(),
        annotations: z.record(z.string()).optional(),
      })
      .passthrough()
      .optional(),
    spec: z.record(z.unknown()),
  })
  .passthrough();

const analysisArgSchema = z.object({
  name: z.string().min(1),
  value: z.string().optional(),
  valueFrom: z
    .object({
      podTemplateHashValue: z.enum(['Stable', 'Latest']).optional(),
      fieldRef: z.object({ fieldPath: z.string() }).optional(),
    })
    .optional(),
});

const analysisTemplateRefSchema = z.object({
  templateName: z.string().min(1),
  clusterScope: z.boolean().optional(),
});

export const rolloutAnalysisSchema = z.object({
  templates: z.array(analysisTemplateRefSchema).min(1),
  args: z.array(analysisArgSchema).optional(),
});

export const backgroundAnalysisSchema = rolloutAnalysisSchema.extend({
  startingStep: z.number().int().min(0).optional(),
});

export const canaryStepSchema = z.object({
  setWeight: z.number().int().optional(),
  pause: z.object({ duration: duration.optional() }).optional(),
  analysis: rolloutAnalysisSchema.optional(),
});

export const trafficRoutingSchema = z.object({
  nginx: z
    .object({
      stableIngress: z.string().min(1),
      annotationPrefix: z.string().optional(),
      additionalIngressAnnotations: z.record(z.string()).optional(),
    })
    .optional(),
  /** Slipway's own: Gateway API HTTPRoute backend weights (Argo Rollouts needs a plugin for this). */
  gatewayAPI: z
    .object({
      httpRoute: z.string().min(1),
      namespace: z.string().optional(),
    })
    .optional(),
});

export const canaryStrategySchema = z.object({
  steps: z.array(canaryStepSchema).optional(),
  canaryService: z.string().optional(),
  stableService: z.string().optional(),
  maxSurge: intOrPercent.optional(),
  maxUnavailable: intOrPercent.optional(),
  analysis: backgroundAnalysisSchema.optional(),
  abortScaleDownDelaySeconds: z.number().int().min(0).optional(),
  scaleDownDelaySeconds: z.number().int().min(0).optional(),
  trafficRouting: trafficRoutingSchema.optional(),
});

export const rolloutSpecSchema = z.object({
  replicas: z.number().int().min(0).optional(),
  selector: labelSelectorSchema.optional(),
  template: podTemplateSchema.optional(),
  workloadRef: z
    .object({
      apiVersion: z.string().optional(),
      kind: z.literal('Deployment'),
      name: z.string().min(1),
    })
    .optional(),
  revisionHistoryLimit: z.number().int().min(0).optional(),
  minReadySeconds: z.number().int().min(0).optional(),
  progressDeadlineSeconds: z.number().int().min(1).optional(),
  progressDeadlineAbort: z.boolean().optional(),
  paused: z.boolean().optional(),
  restartAt: z.string().optional(),
  strategy: z.object({ canary: canaryStrategySchema }),
});

export type RolloutSpec = z.infer<typeof rolloutSpecSchema>;
export type CanaryStrategy = z.infer<typeof canaryStrategySchema>;
export type CanaryStep = z.infer<typeof canaryStepSchema>;
export type RolloutAnalysis = z.infer<typeof rolloutAnalysisSchema>;
export type BackgroundAnalysis = z.infer<typeof backgroundAnalysisSchema>;
export type TrafficRouting = z.infer<typeof trafficRoutingSchema>;
export type PodTemplate = z.infer<typeof podTemplateSchema>;
export type LabelSelector = z.infer<typeof labelSelectorSchema>;

/** Argo Rollouts' defaults. */
export const rolloutDefaults = {
  replicas: 1,
  revisionHistoryLimit: 10,
  progressDeadlineSeconds: 600,
  maxSurge: '25%',
  maxUnavailable: '25%',
  abortScaleDownDelaySeconds: 30,
  scaleDownDelaySeconds: 30,
} as const;
