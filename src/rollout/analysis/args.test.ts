import { describe, expect, it } from 'vitest';
import type { AnalysisTemplateSpec, Metric } from '../../config/analysis.js';
import {
  argumentValues,
  mergeArgs,
  mergeTemplates,
  resolveMetrics,
  substituteArgs,
} from './args.js';

const promMetric = (name: string): Metric => ({
  name,
  count: '{{args.count}}',
  interval: '1m',
  successCondition: 'result[0] >= {{ args.threshold }}',
  provider: {
    prometheus: { address: 'http://prom:9090', query: 'up{service="{{args.service}}"}' },
  },
});

describe('substituteArgs', () => {
  it('replaces tags in every string of a metric, leaving other tags alone', () => {
    const args = { count: '3', threshold: '0.9', service: 'web' };
    const metric = { ...promMetric('rate'), note: '{{templates.other}}' };
    expect(substituteArgs(metric, args, 'spec.metrics[0]')).toEqual({
      ...metric,
      count: '3',
      successCondition: 'result[0] >= 0.9',
      provider: { prometheus: { address: 'http://prom:9090', query: 'up{service="web"}' } },
    });
  });

  it('names the argument, the field and the value when an argument is missing', () => {
    expect(() =>
      resolveMetrics([promMetric('rate')], { count: '3', threshold: '1' }, 'spec'),
    ).toThrow(
      'spec.metrics[0].provider.prometheus.query: {{args.service}} names no argument (value "up{service=\\"{{args.service}}\\"}")',
    );
  });
});

describe('mergeArgs', () => {
  it('lets passed values win over template defaults', () => {
    const merged = mergeArgs(
      [{ name: 'service', value: 'default' }, { name: 'count' }],
      [
        { name: 'service', value: 'web' },
        { name: 'count', value: '2' },
        { name: 'unused', value: 'x' },
      ],
      'Rollout prod/web',
    );
    expect(merged).toEqual([
      { name: 'service', value: 'web', valueFrom: undefined },
      { name: 'count', value: '2', valueFrom: undefined },
    ]);
  });

  it('rejects an argument left without a value, naming it', () => {
    expect(() => mergeArgs([{ name: 'service' }], [], 'Rollout prod/web')).toThrow(
      'Rollout prod/web: argument "service" has no value',
    );
  });
});

describe('argumentValues', () => {
  const secrets = (name: string, key: string): Promise<string | undefined> =>
    Promise.resolve(name === 'token' && key === 'api' ? 's3cret' : undefined);

  it('reads values and secret keys', async () => {
    const args = [
      { name: 'a', value: '1' },
      { name: 'b', valueFrom: { secretKeyRef: { name: 'token', key: 'api' } } },
    ];
    await expect(argumentValues(args, 'spec.args', secrets)).resolves.toEqual({
      a: '1',
      b: 's3cret',
    });
  });

  it('names the Secret and key that are missing', async () => {
    const args = [{ name: 'b', valueFrom: { secretKeyRef: { name: 'token', key: 'other' } } }];
    await expect(argumentValues(args, 'spec.args', secrets)).rejects.toThrow(
      'spec.args: argument "b" reads key "other" of Secret "token", which does not exist',
    );
  });

  it('rejects a podTemplateHashValue left unresolved', async () => {
    const args = [{ name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' as const } }];
    await expect(argumentValues(args, 'spec.args', secrets)).rejects.toThrow(
      'spec.args: argument "hash" has no value',
    );
  });
});

describe('mergeTemplates', () => {
  const template = (
    name: string,
    spec: Partial<AnalysisTemplateSpec>,
  ): { name: string; spec: AnalysisTemplateSpec } => ({
    name,
    spec: { metrics: [], ...spec },
  });

  it('concatenates metrics, args, dryRun and retention', () => {
    const merged = mergeTemplates([
      template('a', {
        metrics: [promMetric('one')],
        args: [{ name: 'service' }],
        dryRun: [{ metricName: 'one' }],
      }),
      template('b', {
        metrics: [promMetric('two')],
        args: [
          { name: 'service', value: 'web' },
          { name: 'count', value: '1' },
        ],
        measurementRetention: [{ metricName: 'two', limit: 3 }],
      }),
    ]);
    expect(merged.metrics.map((m) => m.name)).toEqual(['one', 'two']);
    expect(merged.args).toEqual([
      { name: 'service', value: 'web' },
      { name: 'count', value: '1' },
    ]);
    expect(merged.dryRun).toEqual([{ metricName: 'one' }]);
    expect(merged.measurementRetention).toEqual([{ metricName: 'two', limit: 3 }]);
  });

  it('rejects a metric name defined by two templates, naming both', () => {
    expect(() =>
      mergeTemplates([
        template('a', { metrics: [promMetric('rate')] }),
        template('b', { metrics: [promMetric('rate')] }),
      ]),
    ).toThrow('AnalysisTemplate "b" spec.metrics: metric "rate" is also defined in template "a"');
  });

  it('rejects one argument with two different values', () => {
    expect(() =>
      mergeTemplates([
        template('a', { args: [{ name: 'service', value: 'web' }] }),
        template('b', { args: [{ name: 'service', value: 'api' }] }),
      ]),
    ).toThrow(
      'AnalysisTemplate "b" spec.args: argument "service" has value "api" here and "web" in another template',
    );
  });
});
