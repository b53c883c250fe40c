import { isCompleted, type Measurement, type MetricResult } from './types.js';

// Folding a new or updated measurement into a metric's result: Argo's counters, where errors
// do not count towards `count` and any completed non-error resets `consecutiveError`. Pure.

const counterOf = {
  Successful: 'successful',
  Failed: 'failed',
  Inconclusive: 'inconclusive',
} as const;

export type RecordOptions = {
  /** The measurement completes the in-flight one rather than adding a new one. */
  readonly replacesLast: boolean;
  /** How many measurements to keep (the counters keep counting). */
  readonly keep: number;
  readonly now: Date;
};

export function recordMeasurement(
  result: MetricResult,
  measurement: Measurement,
  options: RecordOptions,
): MetricResult {
  const finished: Measurement =
    isCompleted(measurement.phase) && measurement.finishedAt === undefined
      ? { ...measurement, finishedAt: options.now.toISOString() }
      : measurement;
  const earlier = options.replacesLast ? result.measurements.slice(0, -1) : result.measurements;
  const measurements = [...earlier, finished].slice(-Math.max(1, options.keep));
  return { ...countMeasurement(result, finished), measurements };
}

function countMeasurement(result: MetricResult, measurement: Measurement): MetricResult {
  if (measurement.phase === 'Error') {
    return { ...result, error: result.error + 1, consecutiveError: result.consecutiveError + 1 };
  }
  if (!isCompleted(measurement.phase)) return result;
  const counter = counterOf[measurement.phase];
  return {
    ...result,
    [counter]: result[counter] + 1,
    count: result.count + 1,
    consecutiveError: 0,
  };
}
