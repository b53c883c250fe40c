import type { Metric, ProviderKind } from '../../../config/analysis.js';
import type { KubeObject } from '../../../kube/index.js';
import { measurementFromValue } from '../assess.js';
import type { Measurement } from '../types.js';

export type MeasurementContext = {
  /** The AnalysisRun being reconciled, as read from the API server. */
  readonly run: KubeObject;
  /** The metric, its `{{args.*}}` already substituted. */
  readonly metric: Metric;
  readonly now: Date;
  /** 1-based: how many measurements of this metric have been started, this one included. */
  readonly measurementNumber: number;
};

/**
 * Where measurements come from. `start` may return a measurement still Running (a Job);
 * `resume` is then called on later reconciles until it completes, `terminate` if the run stops.
 */
export type MetricProvider = {
  start(context: MeasurementContext): Promise<Measurement>;
  resume(context: MeasurementContext, measurement: Measurement): Promise<Measurement>;
  terminate(context: MeasurementContext, measurement: Measurement): Promise<Measurement>;
};

export type MetricProviders = Partial<Readonly<Record<ProviderKind, MetricProvider>>>;

/** A finished measurement of `value`, judged by the metric's conditions. */
export function measuredValue(context: MeasurementContext, value: unknown): Measurement {
  const assessment = measurementFromValue(context.metric, value);
  const time = context.now.toISOString();
  return {
    phase: assessment.phase,
    value: formatValue(value),
    ...(assessment.message === undefined ? {} : { message: assessment.message }),
    startedAt: time,
    finishedAt: time,
  };
}

/** A measurement that could not be taken; it counts towards consecutiveErrorLimit. */
export function errorMeasurement(
  context: MeasurementContext,
  error: unknown,
  startedAt?: string,
): Measurement {
  return {
    phase: 'Error',
    message: error instanceof Error ? error.message : String(error),
    startedAt: startedAt ?? context.now.toISOString(),
    finishedAt: context.now.toISOString(),
  };
}

/** Providers whose measurements complete at once have nothing to resume or stop. */
export const finishedMeasurement = (
  _context: MeasurementContext,
  measurement: Measurement,
): Promise<Measurement> => Promise.resolve(measurement);

/** A value as text, the way Argo stores it: `0.5`, `[1,NaN]`, `{"ok":true}`, `up`. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value))
    return `[${value.map((item) => (typeof item === 'string' ? JSON.stringify(item) : formatValue(item))).join(',')}]`;
  return JSON.stringify(value) ?? 'null';
}
