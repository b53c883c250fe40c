import { describe, expect, it } from 'vitest';
import type { KubeObject, ObjectRef } from '../../kube/index.js';
import {
  measuredValue,
  type MeasurementContext,
  type MetricProvider,
} from './providers/provider.js';
import { inFlightPollMs, reconcileAnalysisRun, type AnalysisDeps } from './run-analysis.js';
import type { AnalysisRunStatus, Measurement } from './types.js';

const t0 = new Date('2024-05-01T10:00:00Z');
const at = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);

/** A provider for unit tests: answers each start with the next value from `values[metric]`. */
function scriptedProvider(
  values: Record<string, unknown[]>,
): MetricProvider & { started: string[] } {
  const started: string[] = [];
  return {
    started,
    start: (context: MeasurementContext) => {
      started.push(context.metric.name);
      const value = values[context.metric.name]?.shift();
      if (value instanceof Error) return Promise.reject(value);
      return Promise.resolve(measuredValue(context, value));
    },
    resume: (_context, measurement) => Promise.resolve(measurement),
    terminate: (_context, measurement) => Promise.resolve(measurement),
  };
}

/** A Job-like provider: measurements stay Running until `finish` is set. */
function inFlightProvider(): MetricProvider & {
  finish?: Measurement['phase'];
  terminated: number;
} {
  const provider = {
    finish: undefined as Measurement['phase'] | undefined,
    terminated: 0,
    start: (context: MeasurementContext): Promise<Measurement> =>
      Promise.resolve({
        phase: 'Running',
        startedAt: context.now.toISOString(),
        metadata: { 'job-name': 'j' },
      }),
    resume: (_context: MeasurementContext, measurement: Measurement): Promise<Measurement> =>
      Promise.resolve(provider.finish ? { ...measurement, phase: provider.finish } : measurement),
    terminate: (context: MeasurementContext, measurement: Measurement): Promise<Measurement> => {
      provider.terminated += 1;
      return Promise.resolve({
        ...measurement,
        phase: 'Successful',
        message: 'metric terminated',
        finishedAt: context.now.toISOString(),
      });
    },
  };
  return provider;
}

const noSecrets = {
  get: (_ref: ObjectRef): Promise<KubeObject | undefined> => Promise.resolve(undefined),
};

function deps(providers: AnalysisDeps['providers'], now: Date, client = noSecrets): AnalysisDeps {
  return { client, providers, now: () => now };
}

function analysisRun(spec: Record<string, unknown>, status?: AnalysisRunStatus): KubeObject {
  return {
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'AnalysisRun',
    metadata: { name: 'web-1', namespace: 'prod', uid: 'u-1' },
    spec,
    ...(status ? { status } : {}),
  };
}

const webMetric = (
  name: string,
  fields: Record<string, unknown> = {},
): Record<string, unknown> => ({
  name,
  successCondition: 'result >= 0.95',
  provider: { web: { url: 'http://metrics/{{args.service}}' } },
  ...fields,
});
const args = [{ name: 'service', value: 'web' }];

describe('reconcileAnalysisRun', () => {
  it('measures a one-shot metric and completes the run', async () => {
    const web = scriptedProvider({ rate: [0.99] });
    const step = await reconcileAnalysisRun(
      analysisRun({ args, metrics: [webMetric('rate')] }),
      deps({ web }, t0),
    );
    expect(step.requeueAfterMs).toBeUndefined();
    expect(step.status).toEqual({
      phase: 'Successful',
      startedAt: t0.toISOString(),
      completedAt: t0.toISOString(),
      metricResults: [
        {
          name: 'rate',
          phase: 'Successful',
          measurements: [
            {
              phase: 'Successful',
              value: '0.99',
              startedAt: t0.toISOString(),
              finishedAt: t0.toISOString(),
            },
          ],
          count: 1,
          successful: 1,
          failed: 0,
          inconclusive: 0,
          error: 0,
          consecutiveError: 0,
        },
      ],
    });
  });

  it('measures every interval until count is reached', async () => {
    const web = scriptedProvider({ rate: [0.99, 0.98, 0.97] });
    const spec = { args, metrics: [webMetric('rate', { interval: '1m', count: 3 })] };
    let step = await reconcileAnalysisRun(analysisRun(spec), deps({ web }, t0));
    expect(step).toMatchObject({ status: { phase: 'Running' }, requeueAfterMs: 60_000 });
    step = await reconcileAnalysisRun(analysisRun(spec, step.status), deps({ web }, at(30)));
    expect(web.started).toHaveLength(1);
    expect(step.requeueAfterMs).toBe(30_000);
    step = await reconcileAnalysisRun(analysisRun(spec, step.status), deps({ web }, at(60)));
    step = await reconcileAnalysisRun(analysisRun(spec, step.status), deps({ web }, at(120)));
    expect(web.started).toHaveLength(3);
    expect(step.status).toMatchObject({ phase: 'Successful', metricResults: [{ count: 3 }] });
  });

  it('fails the run when a metric fails, terminating the others at once', async () => {
    const web = scriptedProvider({ rate: [0.5] });
    const job = inFlightProvider();
    const spec = {
      args,
      metrics: [
        webMetric('rate'),
        { name: 'smoke', provider: { job: { spec: { template: {} } } } },
      ],
    };
    const step = await reconcileAnalysisRun(analysisRun(spec), deps({ web, job }, t0));
    expect(job.terminated).toBe(1);
    expect(step.requeueAfterMs).toBeUndefined();
    expect(step.status).toMatchObject({
      phase: 'Failed',
      message: 'Metric "rate" assessed Failed due to failed (1) > failureLimit (0)',
      metricResults: [
        { name: 'rate', phase: 'Failed' },
        {
          name: 'smoke',
          phase: 'Successful',
          message: 'metric terminated',
          measurements: [{ message: 'metric terminated' }],
        },
      ],
    });
  });

  it('polls an in-flight measurement until it completes', async () => {
    const job = inFlightProvider();
    const spec = { metrics: [{ name: 'smoke', provider: { job: { spec: { template: {} } } } }] };
    let step = await reconcileAnalysisRun(analysisRun(spec), deps({ job }, t0));
    expect(step).toMatchObject({ status: { phase: 'Running' }, requeueAfterMs: inFlightPollMs });
    job.finish = 'Successful';
    step = await reconcileAnalysisRun(analysisRun(spec, step.status), deps({ job }, at(20)));
    expect(step.status).toMatchObject({
      phase: 'Successful',
      metricResults: [
        { count: 1, measurements: [{ phase: 'Successful', finishedAt: at(20).toISOString() }] },
      ],
    });
  });

  it('does not let a dry-run metric fail the run', async () => {
    const web = scriptedProvider({ rate: [0.1], other: [1] });
    const spec = {
      args,
      metrics: [webMetric('rate'), webMetric('other')],
      dryRun: [{ metricName: 'rate' }],
    };
    const step = await reconcileAnalysisRun(analysisRun(spec), deps({ web }, t0));
    expect(step.status).toMatchObject({
      phase: 'Successful',
      metricResults: [
        { name: 'rate', phase: 'Failed', dryRun: true },
        { name: 'other', phase: 'Successful' },
      ],
    });
  });

  it('waits for initialDelay', async () => {
    const web = scriptedProvider({ rate: [1] });
    const spec = { args, metrics: [webMetric('rate', { initialDelay: '2m' })] };
    const step = await reconcileAnalysisRun(analysisRun(spec), deps({ web }, t0));
    expect(web.started).toEqual([]);
    expect(step).toMatchObject({
      status: { phase: 'Running', startedAt: t0.toISOString() },
      requeueAfterMs: 120_000,
    });
  });

  it('ends an open-ended metric successfully when asked to terminate', async () => {
    const web = scriptedProvider({ rate: [1] });
    const spec = { args, metrics: [webMetric('rate', { interval: '1m' })] };
    const first = await reconcileAnalysisRun(analysisRun(spec), deps({ web }, t0));
    expect(first.status.phase).toBe('Running');
    const step = await reconcileAnalysisRun(
      analysisRun({ ...spec, terminate: true }, first.status),
      deps({ web }, at(5)),
    );
    expect(step.status).toMatchObject({ phase: 'Successful', message: 'Run Terminated' });
  });

  it('errors the metric after more than consecutiveErrorLimit errors', async () => {
    const web = scriptedProvider({
      rate: [new Error('connection refused'), new Error('connection refused')],
    });
    const spec = { args, metrics: [webMetric('rate', { consecutiveErrorLimit: 1 })] };
    let step = await reconcileAnalysisRun(analysisRun(spec), deps({ web }, t0));
    expect(step).toMatchObject({ status: { phase: 'Running' }, requeueAfterMs: 10_000 });
    step = await reconcileAnalysisRun(analysisRun(spec, step.status), deps({ web }, at(10)));
    expect(step.status).toMatchObject({
      phase: 'Error',
      message:
        'Metric "rate" assessed Error due to consecutiveErrors (2) > consecutiveErrorLimit (1): connection refused',
    });
  });

  it('keeps only measurementRetention measurements', async () => {
    const web = scriptedProvider({ rate: [1, 1, 1] });
    const spec = {
      args,
      metrics: [webMetric('rate', { interval: '1s' })],
      measurementRetention: [{ metricName: 'rate', limit: 2 }],
    };
    let step = await reconcileAnalysisRun(analysisRun(spec), deps({ web }, t0));
    step = await reconcileAnalysisRun(analysisRun(spec, step.status), deps({ web }, at(1)));
    step = await reconcileAnalysisRun(analysisRun(spec, step.status), deps({ web }, at(2)));
    expect(step.status.metricResults[0]).toMatchObject({ count: 3, measurements: [{}, {}] });
    expect(step.status.metricResults[0]?.measurements).toHaveLength(2);
  });

  it('substitutes secret arguments', async () => {
    const seen: string[] = [];
    const web: MetricProvider = {
      ...scriptedProvider({}),
      start: (context) => {
        seen.push(context.metric.provider.web?.url ?? '');
        return Promise.resolve(measuredValue(context, 1));
      },
    };
    const client = {
      get: (ref: ObjectRef): Promise<KubeObject | undefined> =>
        Promise.resolve(
          ref.kind === 'Secret' && ref.name === 'creds' && ref.namespace === 'prod'
            ? {
                apiVersion: 'v1',
                kind: 'Secret',
                metadata: { name: 'creds' },
                data: { token: Buffer.from('t0k').toString('base64') },
              }
            : undefined,
        ),
    };
    const spec = {
      args: [{ name: 'service', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } }],
      metrics: [webMetric('rate', { successCondition: undefined })],
    };
    await reconcileAnalysisRun(analysisRun(spec), deps({ web }, t0, client));
    expect(seen).toEqual(['http://metrics/t0k']);
  });

  it.each([
    [
      { metrics: [] },
      'analysis spec invalid: AnalysisRun prod/web-1 spec: metrics: Array must contain at least 1 element(s)',
    ],
    [
      { metrics: [webMetric('rate')] },
      'analysis spec invalid: AnalysisRun prod/web-1 spec.metrics[0].provider.web.url: {{args.service}} names no argument',
    ],
    [
      { args, metrics: [webMetric('rate', { count: 3 })] },
      'analysis spec invalid: AnalysisRun prod/web-1 spec.metrics[0].count: 3 measurements need an interval between them',
    ],
    [
      { metrics: [{ name: 'dd', provider: { datadog: {} } }] },
      'uses provider "datadog", which Slipway does not support',
    ],
  ])('puts an invalid spec in Error, saying why: %j', async (spec, message) => {
    const step = await reconcileAnalysisRun(analysisRun(spec), deps({}, t0));
    expect(step.requeueAfterMs).toBeUndefined();
    expect(step.status.phase).toBe('Error');
    expect(step.status.message).toContain(message);
  });

  it('reports a provider this controller lacks as an Error measurement', async () => {
    const step = await reconcileAnalysisRun(
      analysisRun({ args, metrics: [webMetric('rate')] }),
      deps({}, t0),
    );
    expect(step.status.metricResults[0]?.measurements[0]).toMatchObject({
      phase: 'Error',
      message: 'no web provider is configured in this controller',
    });
  });

  it('leaves a completed run alone', async () => {
    const status: AnalysisRunStatus = { phase: 'Failed', metricResults: [] };
    const web = scriptedProvider({});
    const step = await reconcileAnalysisRun(
      analysisRun({ args, metrics: [webMetric('rate')] }, status),
      deps({ web }, t0),
    );
    expect(step).toEqual({ status, requeueAfterMs: undefined });
    expect(web.started).toEqual([]);
  });
});
