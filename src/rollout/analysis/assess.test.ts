import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Metric } from '../../config/analysis.js';
import {
  assessMetric,
  isDryRun,
  isTerminating,
  measurementFromValue,
  metricLimits,
  planMeasurement,
  retentionLimit,
  runPhase,
} from './assess.js';
import { recordMeasurement } from './metric-result.js';
import {
  emptyMetricResult,
  type AnalysisPhase,
  type Measurement,
  type MetricResult,
} from './types.js';

const t0 = new Date('2024-05-01T10:00:00Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);
const metric = (fields: Partial<Metric> = {}): Metric => ({
  name: 'rate',
  provider: { web: { url: 'http://x' } },
  ...fields,
});
const done = (phase: AnalysisPhase, seconds = 0, message?: string): Measurement => ({
  phase,
  startedAt: at(seconds).toISOString(),
  finishedAt: at(seconds).toISOString(),
  ...(message ? { message } : {}),
});

/** A result after recording `phases` one after another. */
function resultOf(phases: AnalysisPhase[], name = 'rate'): MetricResult {
  const running: MetricResult = { ...emptyMetricResult(name), phase: 'Running' };
  return phases.reduce(
    (result, phase, i) =>
      recordMeasurement(result, done(phase, i * 60), {
        replacesLast: false,
        keep: 10,
        now: at(i * 60),
      }),
    running,
  );
}

describe('metricLimits', () => {
  it('applies Argo defaults', () => {
    expect(metricLimits(metric())).toEqual({
      count: 1,
      failureLimit: 0,
      inconclusiveLimit: 0,
      consecutiveErrorLimit: 4,
      intervalMs: undefined,
      initialDelayMs: 0,
    });
  });

  it('reads the older maxFailures / maxInconclusive, with failureLimit winning', () => {
    expect(metricLimits(metric({ maxFailures: 1, maxInconclusive: '2' }))).toMatchObject({
      failureLimit: 1,
      inconclusiveLimit: 2,
    });
    expect(metricLimits(metric({ maxFailures: 1, failureLimit: 3 })).failureLimit).toBe(3);
  });

  it('runs forever with an interval and no count', () => {
    expect(metricLimits(metric({ interval: '30s' })).count).toBeUndefined();
    expect(metricLimits(metric({ interval: '30s', count: 0 })).count).toBeUndefined();
  });

  it('reads string counts and limits', () => {
    const limits = metricLimits(
      metric({ interval: '1m', count: '5', failureLimit: '-1', initialDelay: '2m' }),
    );
    expect(limits).toMatchObject({
      count: 5,
      failureLimit: -1,
      intervalMs: 60_000,
      initialDelayMs: 120_000,
    });
  });
});

describe('assessMetric', () => {
  it.each<[string, Partial<Metric>, AnalysisPhase[], boolean, AnalysisPhase]>([
    ['no measurement yet', {}, [], false, 'Pending'],
    ['no measurement and terminating', {}, [], true, 'Successful'],
    ['one success, count 1', {}, ['Successful'], false, 'Successful'],
    ['one failure, failureLimit 0', {}, ['Failed'], false, 'Failed'],
    [
      'one failure within failureLimit 1',
      { interval: '1m', count: 3, failureLimit: 1 },
      ['Failed'],
      false,
      'Running',
    ],
    [
      'two failures over failureLimit 1',
      { interval: '1m', count: 3, failureLimit: 1 },
      ['Failed', 'Failed'],
      false,
      'Failed',
    ],
    [
      'failures with failureLimit -1',
      { interval: '1m', count: 2, failureLimit: -1 },
      ['Failed', 'Failed'],
      false,
      'Successful',
    ],
    ['an inconclusive one', {}, ['Inconclusive'], false, 'Inconclusive'],
    ['errors up to the limit', {}, ['Error', 'Error', 'Error', 'Error'], false, 'Running'],
    ['five errors in a row', {}, ['Error', 'Error', 'Error', 'Error', 'Error'], false, 'Error'],
    [
      'errors broken by a success',
      { interval: '1m', count: 9 },
      ['Error', 'Error', 'Error', 'Error', 'Successful', 'Error'],
      false,
      'Running',
    ],
    ['consecutiveErrorLimit 0', { consecutiveErrorLimit: 0 }, ['Error'], false, 'Error'],
    ['count not reached', { interval: '1m', count: 3 }, ['Successful'], false, 'Running'],
    [
      'count reached',
      { interval: '1m', count: 2 },
      ['Successful', 'Successful'],
      false,
      'Successful',
    ],
    [
      'errors do not count',
      { interval: '1m', count: 2 },
      ['Successful', 'Error'],
      false,
      'Running',
    ],
    [
      'interval without count',
      { interval: '1m' },
      ['Successful', 'Successful', 'Successful'],
      false,
      'Running',
    ],
    ['interval without count, terminated', { interval: '1m' }, ['Successful'], true, 'Successful'],
  ])('%s', (_name, fields, phases, terminating, expected) => {
    expect(assessMetric(metric(fields), resultOf(phases), terminating).phase).toBe(expected);
  });

  it('is Running while the last measurement is in flight', () => {
    const result = {
      ...resultOf([]),
      measurements: [{ phase: 'Running' as const, startedAt: t0.toISOString() }],
    };
    expect(assessMetric(metric(), result, false).phase).toBe('Running');
  });

  it('explains a failure with the counters and the last message', () => {
    const result = recordMeasurement(resultOf([]), done('Failed', 0, 'value 0.5'), {
      replacesLast: false,
      keep: 10,
      now: t0,
    });
    expect(assessMetric(metric(), result, false)).toEqual({
      phase: 'Failed',
      message: 'failed (1) > failureLimit (0): value 0.5',
    });
  });

  it('keeps a completed phase', () => {
    expect(assessMetric(metric(), { ...resultOf([]), phase: 'Failed' }, false).phase).toBe(
      'Failed',
    );
  });
});

describe('planMeasurement', () => {
  const context = (seconds: number, terminating = false) => ({
    now: at(seconds),
    startedAt: t0,
    terminating,
  });

  it('starts the first measurement at once', () => {
    expect(planMeasurement(metric(), resultOf([]), context(0))).toEqual({ action: 'start' });
  });

  it('waits for initialDelay before the first measurement', () => {
    const m = metric({ initialDelay: '30s' });
    expect(planMeasurement(m, resultOf([]), context(10))).toEqual({
      action: 'wait',
      until: at(30),
    });
    expect(planMeasurement(m, resultOf([]), context(30))).toEqual({ action: 'start' });
  });

  it('takes the next measurement one interval after the last finished', () => {
    const m = metric({ interval: '1m', count: 3 });
    expect(planMeasurement(m, resultOf(['Successful']), context(10))).toEqual({
      action: 'wait',
      until: at(60),
    });
    expect(planMeasurement(m, resultOf(['Successful']), context(61))).toEqual({ action: 'start' });
  });

  it('takes nothing more once count is reached', () => {
    expect(planMeasurement(metric(), resultOf(['Successful']), context(600))).toEqual({
      action: 'none',
    });
  });

  it('retries an error after 10s when the metric has no interval', () => {
    expect(planMeasurement(metric(), resultOf(['Error']), context(5))).toEqual({
      action: 'wait',
      until: at(10),
    });
  });

  it('resumes an in-flight measurement, or terminates it when the run is terminating', () => {
    const running = {
      ...resultOf([]),
      phase: 'Running' as const,
      measurements: [{ phase: 'Running' as const, startedAt: t0.toISOString() }],
    };
    expect(planMeasurement(metric(), running, context(5))).toEqual({ action: 'resume' });
    expect(planMeasurement(metric(), running, context(5, true))).toEqual({ action: 'terminate' });
  });

  it('honours resumeAt', () => {
    const measurement = {
      phase: 'Running' as const,
      startedAt: t0.toISOString(),
      resumeAt: at(20).toISOString(),
    };
    const running = { ...resultOf([]), measurements: [measurement] };
    expect(planMeasurement(metric(), running, context(5))).toEqual({
      action: 'wait',
      until: at(20),
    });
  });

  it('starts nothing new while terminating', () => {
    expect(
      planMeasurement(metric({ interval: '1m' }), resultOf(['Successful']), context(600, true)),
    ).toEqual({
      action: 'none',
    });
  });
});

describe('runPhase', () => {
  it.each<[AnalysisPhase[], AnalysisPhase]>([
    [[], 'Successful'],
    [['Successful', 'Successful'], 'Successful'],
    [['Successful', 'Running'], 'Running'],
    [['Pending'], 'Running'],
    [['Running', 'Inconclusive'], 'Inconclusive'],
    [['Inconclusive', 'Error'], 'Error'],
    [['Error', 'Failed', 'Running'], 'Failed'],
  ])('%j → %s', (phases, expected) => {
    expect(runPhase(phases.map((phase) => ({ phase })))).toBe(expected);
  });

  it('ignores dry-run metrics', () => {
    expect(runPhase([{ phase: 'Failed', dryRun: true }, { phase: 'Successful' }])).toBe(
      'Successful',
    );
  });

  it('is never better than any counted metric (property)', () => {
    const order: AnalysisPhase[] = ['Successful', 'Running', 'Inconclusive', 'Error', 'Failed'];
    const phase = fc.constantFrom(...order);
    fc.assert(
      fc.property(fc.array(phase, { minLength: 1 }), (phases) => {
        const run = order.indexOf(runPhase(phases.map((p) => ({ phase: p }))));
        expect(phases.every((p) => order.indexOf(p) <= run)).toBe(true);
      }),
    );
  });
});

describe('isTerminating, isDryRun, retentionLimit', () => {
  it('terminates when asked or when a counted metric failed', () => {
    expect(isTerminating(true, [])).toBe(true);
    expect(isTerminating(false, [{ ...resultOf([]), phase: 'Failed' }])).toBe(true);
    expect(isTerminating(false, [{ ...resultOf([]), phase: 'Failed', dryRun: true }])).toBe(false);
    expect(isTerminating(undefined, [{ ...resultOf([]), phase: 'Running' }])).toBe(false);
  });

  it('matches metric names exactly or by whole regular expression', () => {
    expect(isDryRun('rate', [{ metricName: 'rate' }])).toBe(true);
    expect(isDryRun('rate', [{ metricName: '.*' }])).toBe(true);
    expect(isDryRun('error-rate', [{ metricName: 'rate' }])).toBe(false);
    expect(isDryRun('rate', [{ metricName: '(' }])).toBe(false);
    expect(isDryRun('rate', undefined)).toBe(false);
    expect(retentionLimit('rate', [{ metricName: 'r.*', limit: 3 }])).toBe(3);
    expect(retentionLimit('rate', undefined)).toBe(10);
  });
});

describe('measurementFromValue', () => {
  it.each<[string | undefined, string | undefined, unknown, AnalysisPhase]>([
    [undefined, undefined, 1, 'Successful'],
    ['result > 1', undefined, 2, 'Successful'],
    ['result > 1', undefined, 0, 'Failed'],
    [undefined, 'result > 1', 2, 'Failed'],
    [undefined, 'result > 1', 0, 'Successful'],
    ['result > 5', 'result < 1', 3, 'Inconclusive'],
    ['result > 5', 'result < 1', 6, 'Successful'],
    ['result > 5', 'result < 1', 0, 'Failed'],
    ['result > 0', 'result > 1', 2, 'Failed'],
  ])(
    'success %s, failure %s, value %j → %s',
    (successCondition, failureCondition, value, expected) => {
      const m = metric({
        ...(successCondition ? { successCondition } : {}),
        ...(failureCondition ? { failureCondition } : {}),
      });
      expect(measurementFromValue(m, value).phase).toBe(expected);
    },
  );

  it('turns a condition that does not evaluate into an Error naming it', () => {
    expect(measurementFromValue(metric({ successCondition: 'result[0] > 1' }), [])).toEqual({
      phase: 'Error',
      message:
        'condition "result[0] > 1": index 0 is out of range for array of length 0 at column 7',
    });
  });
});

describe('recordMeasurement', () => {
  it('counts like Argo: errors are not in count, a non-error resets consecutiveError', () => {
    expect(
      resultOf(['Successful', 'Error', 'Error', 'Failed', 'Inconclusive', 'Error']),
    ).toMatchObject({
      count: 3,
      successful: 1,
      failed: 1,
      inconclusive: 1,
      error: 3,
      consecutiveError: 1,
    });
  });

  it('keeps only the last `keep` measurements but keeps counting', () => {
    const result = [1, 2, 3].reduce(
      (r, i) =>
        recordMeasurement(r, done('Successful', i), { replacesLast: false, keep: 2, now: at(i) }),
      emptyMetricResult('m'),
    );
    expect(result.measurements.map((m) => m.startedAt)).toEqual([
      at(2).toISOString(),
      at(3).toISOString(),
    ]);
    expect(result.count).toBe(3);
  });

  it('completes an in-flight measurement in place, stamping finishedAt', () => {
    const running = recordMeasurement(
      emptyMetricResult('m'),
      { phase: 'Running', startedAt: t0.toISOString() },
      {
        replacesLast: false,
        keep: 10,
        now: t0,
      },
    );
    expect(running.count).toBe(0);
    const finished = recordMeasurement(
      running,
      { phase: 'Successful', startedAt: t0.toISOString() },
      {
        replacesLast: true,
        keep: 10,
        now: at(9),
      },
    );
    expect(finished.measurements).toEqual([
      { phase: 'Successful', startedAt: t0.toISOString(), finishedAt: at(9).toISOString() },
    ]);
    expect(finished.count).toBe(1);
  });
});
