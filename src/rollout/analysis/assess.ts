import {
  analysisDefaults,
  intOrStringValue,
  parseDuration,
  type DryRun,
  type MeasurementRetention,
  type Metric,
} from '../../config/analysis.js';
import { evaluateCondition } from './condition.js';
import { isCompleted, type AnalysisPhase, type Measurement, type MetricResult } from './types.js';

// Pure decisions, following Argo Rollouts: what phase a metric is in, whether it needs a
// measurement now, what phase the whole run is in, and what a measured value means.

export type MetricLimits = {
  /** Measurements to take; undefined means "until the run is terminated". */
  readonly count: number | undefined;
  /** -1 means no limit. */
  readonly failureLimit: number;
  readonly inconclusiveLimit: number;
  readonly consecutiveErrorLimit: number;
  readonly intervalMs: number | undefined;
  readonly initialDelayMs: number;
};

/** A metric's limits with Argo's defaults; a count of 0 or none means 1, or forever with an interval. */
const legacyNames = { failureLimit: 'maxFailures', inconclusiveLimit: 'maxInconclusive' } as const;

/** maxFailures / maxInconclusive: the names Argo Rollouts used before failureLimit. */
function legacyLimit(metric: Metric, name: string, field: string): number | undefined {
  const legacy = legacyNames[name as keyof typeof legacyNames] as
    (typeof legacyNames)[keyof typeof legacyNames] | undefined;
  return legacy === undefined ? undefined : intOrStringValue(metric[legacy], `${field}.${legacy}`);
}

export function metricLimits(metric: Metric, field = `metric "${metric.name}"`): MetricLimits {
  const intervalMs =
    metric.interval === undefined ? undefined : parseDuration(metric.interval, `${field}.interval`);
  const count = intOrStringValue(metric.count, `${field}.count`);
  const read = (name: 'failureLimit' | 'inconclusiveLimit' | 'consecutiveErrorLimit'): number =>
    intOrStringValue(metric[name], `${field}.${name}`) ??
    legacyLimit(metric, name, field) ??
    analysisDefaults[name];
  return {
    count: count === undefined || count === 0 ? (intervalMs === undefined ? 1 : undefined) : count,
    failureLimit: read('failureLimit'),
    inconclusiveLimit: read('inconclusiveLimit'),
    consecutiveErrorLimit: read('consecutiveErrorLimit'),
    intervalMs,
    initialDelayMs:
      metric.initialDelay === undefined
        ? 0
        : parseDuration(metric.initialDelay, `${field}.initialDelay`),
  };
}

export type Assessment = { readonly phase: AnalysisPhase; readonly message?: string };

/** The phase of one metric from its counters and measurements (Argo's assessMetricStatus). */
export function assessMetric(
  metric: Metric,
  result: MetricResult,
  terminating: boolean,
): Assessment {
  if (isCompleted(result.phase)) return { phase: result.phase, message: result.message };
  const last = result.measurements.at(-1);
  if (last === undefined) {
    return terminating ? { phase: 'Successful', message: 'run terminated' } : { phase: 'Pending' };
  }
  if (!isCompleted(last.phase)) return { phase: 'Running' };
  const limits = metricLimits(metric);
  const exceeded = exceededLimit(result, limits);
  if (exceeded) return exceeded;
  if (limits.count !== undefined && result.count >= limits.count) return { phase: 'Successful' };
  return terminating ? { phase: 'Successful', message: 'run terminated' } : { phase: 'Running' };
}

function exceededLimit(result: MetricResult, limits: MetricLimits): Assessment | undefined {
  const checks = [
    ['Failed', 'failed', result.failed, 'failureLimit', limits.failureLimit],
    [
      'Inconclusive',
      'inconclusive',
      result.inconclusive,
      'inconclusiveLimit',
      limits.inconclusiveLimit,
    ],
    [
      'Error',
      'consecutiveErrors',
      result.consecutiveError,
      'consecutiveErrorLimit',
      limits.consecutiveErrorLimit,
    ],
  ] as const;
  for (const [phase, counter, value, limitName, limit] of checks) {
    if (limit >= 0 && value > limit) {
      const last = result.measurements.at(-1)?.message;
      const detail = last ? `: ${last}` : '';
      return { phase, message: `${counter} (${value}) > ${limitName} (${limit})${detail}` };
    }
  }
  return undefined;
}

export type MeasurementPlan =
  | { readonly action: 'start' }
  | { readonly action: 'resume' }
  | { readonly action: 'terminate' }
  | { readonly action: 'wait'; readonly until: Date }
  | { readonly action: 'none' };

export type PlanContext = {
  readonly now: Date;
  /** When the run started; initialDelay counts from here. */
  readonly startedAt: Date;
  readonly terminating: boolean;
};

/** Whether a metric needs a measurement now, later (and when), or never again. */
export function planMeasurement(
  metric: Metric,
  result: MetricResult,
  context: PlanContext,
): MeasurementPlan {
  if (isCompleted(result.phase)) return { action: 'none' };
  const last = result.measurements.at(-1);
  if (last !== undefined && !isCompleted(last.phase)) return planInFlight(last, context);
  if (context.terminating) return { action: 'none' };
  const limits = metricLimits(metric);
  if (last === undefined) {
    return dueAt(new Date(context.startedAt.getTime() + limits.initialDelayMs), context.now);
  }
  if (limits.count !== undefined && result.count >= limits.count) return { action: 'none' };
  // An error is retried after the interval, or after 10s when the metric has none (Argo).
  const interval = limits.intervalMs ?? analysisDefaults.errorRetryIntervalMs;
  const finishedAt = Date.parse(last.finishedAt ?? last.startedAt);
  return dueAt(new Date(finishedAt + interval), context.now);
}

function planInFlight(last: Measurement, context: PlanContext): MeasurementPlan {
  if (context.terminating) return { action: 'terminate' };
  if (last.resumeAt !== undefined && Date.parse(last.resumeAt) > context.now.getTime()) {
    return { action: 'wait', until: new Date(last.resumeAt) };
  }
  return { action: 'resume' };
}

function dueAt(at: Date, now: Date): MeasurementPlan {
  return at.getTime() <= now.getTime() ? { action: 'start' } : { action: 'wait', until: at };
}

// Worst first: one failed metric fails the run even while others are still measuring.
const runPhaseOrder: readonly AnalysisPhase[] = [
  'Failed',
  'Error',
  'Inconclusive',
  'Running',
  'Pending',
  'Successful',
];

/** The run's phase: the worst of its metrics' phases, leaving out dry-run metrics. */
export function runPhase(
  metrics: readonly { phase: AnalysisPhase; dryRun?: boolean }[],
): AnalysisPhase {
  const counted = metrics.filter((metric) => metric.dryRun !== true).map((metric) => metric.phase);
  const worst = runPhaseOrder.find((phase) => counted.includes(phase)) ?? 'Successful';
  return worst === 'Pending' ? 'Running' : worst;
}

/** Terminating: asked to, or a metric that counts has failed, errored or been inconclusive. */
export function isTerminating(
  terminate: boolean | undefined,
  results: readonly MetricResult[],
): boolean {
  return (
    terminate === true ||
    results.some(
      (result) =>
        result.dryRun !== true &&
        (result.phase === 'Failed' || result.phase === 'Error' || result.phase === 'Inconclusive'),
    )
  );
}

/** Whether a metric runs dry; `metricName` is a regular expression matching the whole name. */
export function isDryRun(name: string, dryRun: readonly DryRun[] | undefined): boolean {
  return (dryRun ?? []).some((entry) => wholeMatch(entry.metricName, name));
}

/** How many measurements of a metric to keep (`measurementRetention`, default 10). */
export function retentionLimit(
  name: string,
  retention: readonly MeasurementRetention[] | undefined,
): number {
  const entry = (retention ?? []).find((candidate) => wholeMatch(candidate.metricName, name));
  return entry?.limit ?? analysisDefaults.measurementRetention;
}

function wholeMatch(pattern: string, name: string): boolean {
  if (pattern === name) return true;
  try {
    return new RegExp(`^(?:${pattern})$`).test(name);
  } catch {
    return false;
  }
}

/**
 * What a measured value means under the metric's conditions (Argo's rules): only a success
 * condition → Failed when it is false; only a failure condition → Successful when it is false;
 * both false → Inconclusive; failure wins when both are true; neither → Successful.
 */
export function measurementFromValue(metric: Metric, value: unknown): Assessment {
  const { successCondition, failureCondition } = metric;
  try {
    const success = successCondition ? evaluateCondition(successCondition, value) : undefined;
    const failure = failureCondition ? evaluateCondition(failureCondition, value) : undefined;
    if (failure === true || (success === false && failure === undefined))
      return { phase: 'Failed' };
    if (success === true || (success === undefined && failure === false))
      return { phase: 'Successful' };
    if (success === undefined && failure === undefined) return { phase: 'Successful' };
    return { phase: 'Inconclusive' };
  } catch (error) {
    return { phase: 'Error', message: error instanceof Error ? error.message : String(error) };
  }
}
