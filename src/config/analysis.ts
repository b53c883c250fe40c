import { z } from 'zod';
import { InputError } from '../errors/index.js';
import { parseDuration } from './duration.js';

// AnalysisTemplate, ClusterAnalysisTemplate and AnalysisRun specs: field-compatible with Argo
// Rollouts, so an Argo manifest works after changing only its apiVersion. Objects keep fields
// Slipway does not know (other metric providers, say), so the controller can name them.

const nonEmpty = z.string().min(1);
/** Kubernetes IntOrString: a number, or a string such as "3" or "{{args.count}}". */
const intOrString = z.union([z.number().int(), z.string()]);

export const analysisArgumentSchema = z
  .object({
    name: nonEmpty,
    value: z.string().optional(),
    valueFrom: z
      .object({
        secretKeyRef: z.object({ name: nonEmpty, key: nonEmpty }).passthrough().optional(),
        podTemplateHashValue: z.enum(['Stable', 'Latest']).optional(),
        fieldRef: z.object({ fieldPath: nonEmpty }).passthrough().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

export const prometheusProviderSchema = z
  .object({
    address: nonEmpty,
    query: nonEmpty,
    timeout: z.number().int().positive().optional(),
  })
  .passthrough();

export const webProviderSchema = z
  .object({
    url: nonEmpty,
    method: z.enum(['GET', 'POST', 'PUT']).optional(),
    headers: z.array(z.object({ key: nonEmpty, value: z.string() }).passthrough()).optional(),
    body: z.string().optional(),
    jsonBody: z.unknown().optional(),
    jsonPath: z.string().optional(),
    timeoutSeconds: z.number().int().positive().optional(),
    insecure: z.boolean().optional(),
  })
  .passthrough();

export const jobProviderSchema = z
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

export const metricProviderSchema = z
  .object({
    prometheus: prometheusProviderSchema.optional(),
    web: webProviderSchema.optional(),
    job: jobProviderSchema.optional(),
  })
  .passthrough();

export const metricSchema = z
  .object({
    name: nonEmpty,
    interval: z.string().optional(),
    initialDelay: z.string().optional(),
    count: intOrString.optional(),
    successCondition: z.string().optional(),
    failureCondition: z.string().optional(),
    failureLimit: intOrString.optional(),
    inconclusiveLimit: intOrString.optional(),
    consecutiveErrorLimit: intOrString.optional(),
    /** Argo Rollouts' older names of failureLimit and inconclusiveLimit, still in its examples. */
    maxFailures: intOrString.optional(),
    maxInconclusive: intOrString.optional(),
    provider: metricProviderSchema,
  })
  .passthrough();

export const dryRunSchema = z.object({ metricName: nonEmpty }).passthrough();
export const measurementRetentionSchema = z
  .object({ metricName: nonEmpty, limit: z.number().int().min(1) })
  .passthrough();

export const analysisTemplateSpecSchema = z
  .object({
    args: z.array(analysisArgumentSchema).optional(),
    metrics: z.array(metricSchema).min(1),
    dryRun: z.array(dryRunSchema).optional(),
    measurementRetention: z.array(measurementRetentionSchema).optional(),
  })
  .passthrough();

export const analysisRunSpecSchema = analysisTemplateSpecSchema.extend({
  terminate: z.boolean().optional(),
});

export type AnalysisArgument = z.infer<typeof analysisArgumentSchema>;
export type Metric = z.infer<typeof metricSchema>;
export type MetricProviderSpec = z.infer<typeof metricProviderSchema>;
export type PrometheusProviderSpec = z.infer<typeof prometheusProviderSchema>;
export type WebProviderSpec = z.infer<typeof webProviderSchema>;
export type JobProviderSpec = z.infer<typeof jobProviderSchema>;
export type DryRun = z.infer<typeof dryRunSchema>;
export type MeasurementRetention = z.infer<typeof measurementRetentionSchema>;
export type AnalysisTemplateSpec = z.infer<typeof analysisTemplateSpecSchema>;
export type AnalysisRunSpec = z.infer<typeof analysisRunSpecSchema>;

/** Argo's defaults for a metric's limits and history. */
export { parseDuration };

export const analysisDefaults = {
  failureLimit: 0,
  inconclusiveLimit: 0,
  consecutiveErrorLimit: 4,
  measurementRetention: 10,
  /** How soon a measurement that errored is retried when the metric has no interval. */
  errorRetryIntervalMs: 10_000,
} as const;

/** Reads an IntOrString field after argument substitution; `undefined` stays undefined. */
export function intOrStringValue(
  value: number | string | undefined,
  field: string,
): number | undefined {
  if (value === undefined || typeof value === 'number') return value;
  if (/^-?\d+$/.test(value.trim())) return Number(value.trim());
  throw new InputError(`${field}: ${JSON.stringify(value)} is not an integer`, {
    hint: 'write a whole number, or pass an argument whose value is one',
  });
}

const providerKinds = ['prometheus', 'web', 'job'] as const;
export type ProviderKind = (typeof providerKinds)[number];

/** The one provider a metric names; throws when it names none, several, or one Slipway lacks. */
export function providerKindOf(metric: Metric, field: string): ProviderKind {
  const named = Object.keys(metric.provider);
  const [kind, ...others] = named;
  if (kind === undefined || others.length > 0) {
    throw new InputError(
      `${field}.provider: metric "${metric.name}" names ${named.length === 0 ? 'no provider' : `${named.length} providers (${named.join(', ')})`}`,
      { hint: `give exactly one of ${providerKinds.join(', ')}` },
    );
  }
  if (!(providerKinds as readonly string[]).includes(kind)) {
    throw new InputError(
      `${field}.provider.${kind}: metric "${metric.name}" uses provider "${kind}", which Slipway does not support`,
      { hint: `use one of ${providerKinds.join(', ')}` },
    );
  }
  return kind as ProviderKind;
}

/**
 * Checks what a schema cannot: unique names, one provider each, durations that parse and counts
 * that agree with limits (Argo's rules). Run after `{{args.*}}` substitution; `where` names the
 * object, e.g. `AnalysisRun prod/web-1 spec`.
 */
export function validateMetrics(metrics: readonly Metric[], where: string): void {
  const seen = new Set<string>();
  metrics.forEach((metric, index) => {
    const field = `${where}.metrics[${index}]`;
    if (seen.has(metric.name)) {
      throw new InputError(`${field}.name: metric name "${metric.name}" is used twice`, {
        hint: 'give each metric a unique name (across all templates of one analysis)',
      });
    }
    seen.add(metric.name);
    providerKindOf(metric, field);
    validateMetricCounts(metric, field);
  });
}

function validateMetricCounts(metric: Metric, field: string): void {
  if (metric.interval !== undefined) parseDuration(metric.interval, `${field}.interval`);
  if (metric.initialDelay !== undefined) {
    parseDuration(metric.initialDelay, `${field}.initialDelay`);
  }
  const count = intOrStringValue(metric.count, `${field}.count`);
  const failureLimit = intOrStringValue(metric.failureLimit, `${field}.failureLimit`);
  const inconclusiveLimit = intOrStringValue(
    metric.inconclusiveLimit,
    `${field}.inconclusiveLimit`,
  );
  intOrStringValue(metric.consecutiveErrorLimit, `${field}.consecutiveErrorLimit`);
  if (count !== undefined && count > 1 && metric.interval === undefined) {
    throw new InputError(`${field}.count: ${count} measurements need an interval between them`, {
      hint: 'set `interval` (e.g. "1m") or lower `count` to 1',
    });
  }
  const limits = { failureLimit, inconclusiveLimit };
  for (const [name, limit] of Object.entries(limits)) {
    if (count !== undefined && count > 0 && limit !== undefined && limit > count) {
      throw new InputError(`${field}.${name}: ${limit} is more than count (${count})`, {
        hint: `raise \`count\` or lower \`${name}\`; the limit could never be reached`,
      });
    }
  }
}
