import { describe, expect, it } from 'vitest';
import { crdSchemaFromZod } from '../kube/crd-schema.js';
import {
  analysisRunSpecSchema,
  analysisTemplateSpecSchema,
  intOrStringValue,
  parseDuration,
  providerKindOf,
  validateMetrics,
  type Metric,
} from './analysis.js';

// An Argo Rollouts AnalysisTemplate spec, as found in its documentation.
const argoTemplate = {
  args: [
    { name: 'service-name' },
    { name: 'api-token', valueFrom: { secretKeyRef: { name: 'token', key: 'apiToken' } } },
    { name: 'hash', valueFrom: { podTemplateHashValue: 'Latest' } },
  ],
  metrics: [
    {
      name: 'success-rate',
      interval: '5m',
      count: '{{args.count}}',
      successCondition: 'result[0] >= 0.95',
      failureLimit: 3,
      provider: {
        prometheus: {
          address: 'http://prometheus.example.com:9090',
          query: 'sum(rate(http_requests_total{service="{{args.service-name}}"}[5m]))',
        },
      },
    },
  ],
  dryRun: [{ metricName: 'success-rate' }],
  measurementRetention: [{ metricName: '.*', limit: 20 }],
};

const metric = (fields: Partial<Metric> = {}): Metric => ({
  name: 'm',
  provider: { web: { url: 'http://x' } },
  ...fields,
});

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['500ms', 500],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['45', 45_000],
    [10, 10_000],
    [0, 0],
  ])('reads %j as %d ms', (value, ms) => {
    expect(parseDuration(value, 'interval')).toBe(ms);
  });

  it.each(['', '5 minutes', '5x', 'm5', '-1s', '1h 30m'])(
    'rejects %j naming field and value',
    (value) => {
      expect(() => parseDuration(value, 'spec.metrics[0].interval')).toThrow(
        `spec.metrics[0].interval: ${JSON.stringify(value)} is not a duration`,
      );
    },
  );

  it('rejects a negative number of seconds', () => {
    expect(() => parseDuration(-5, 'pause.duration')).toThrow(
      'pause.duration: -5 is not a duration',
    );
  });
});

describe('analysis schemas', () => {
  it('accept an Argo AnalysisTemplate spec unchanged', () => {
    expect(analysisTemplateSpecSchema.parse(argoTemplate)).toEqual(argoTemplate);
  });

  it('keep fields Slipway does not know, such as another provider', () => {
    const spec = {
      metrics: [{ name: 'dd', provider: { datadog: { query: 'q' } }, extra: 1 }],
      someFutureField: true,
    };
    expect(analysisTemplateSpecSchema.parse(spec)).toEqual(spec);
  });

  it('accept an AnalysisRun spec with terminate', () => {
    const run = {
      metrics: argoTemplate.metrics,
      args: [{ name: 'count', value: '5' }],
      terminate: true,
    };
    expect(analysisRunSpecSchema.parse(run).terminate).toBe(true);
  });

  it('reject a template without metrics', () => {
    expect(analysisTemplateSpecSchema.safeParse({ metrics: [] }).success).toBe(false);
  });

  it('become a structural CRD schema that keeps unknown fields', () => {
    const schema = crdSchemaFromZod(analysisTemplateSpecSchema);
    expect(schema['type']).toBe('object');
    expect(schema['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(JSON.stringify(schema)).not.toContain('"additionalProperties":false');
  });
});

describe('intOrStringValue', () => {
  it.each([
    [undefined, undefined],
    [3, 3],
    ['3', 3],
    [' -1 ', -1],
  ])('reads %j as %j', (value, expected) => {
    expect(intOrStringValue(value, 'count')).toBe(expected);
  });

  it('names field and value when the string is not an integer', () => {
    expect(() => intOrStringValue('{{args.count}}', 'metrics[0].count')).toThrow(
      'metrics[0].count: "{{args.count}}" is not an integer',
    );
  });
});

describe('validateMetrics', () => {
  const where = 'AnalysisTemplate prod/checks spec';

  it('accepts valid metrics', () => {
    expect(() =>
      validateMetrics(
        [metric({ interval: '1m', count: 5, failureLimit: 2 }), metric({ name: 'n' })],
        where,
      ),
    ).not.toThrow();
  });

  it('rejects a metric name used twice', () => {
    expect(() => validateMetrics([metric(), metric()], where)).toThrow(
      `${where}.metrics[1].name: metric name "m" is used twice`,
    );
  });

  it('rejects a count above 1 without an interval', () => {
    expect(() => validateMetrics([metric({ count: 3 })], where)).toThrow(
      `${where}.metrics[0].count: 3 measurements need an interval between them`,
    );
  });

  it('rejects a failureLimit above count', () => {
    expect(() =>
      validateMetrics([metric({ count: 2, interval: '1m', failureLimit: 5 })], where),
    ).toThrow(`${where}.metrics[0].failureLimit: 5 is more than count (2)`);
  });

  it('rejects an interval that is not a duration', () => {
    expect(() => validateMetrics([metric({ interval: 'often' })], where)).toThrow(
      `${where}.metrics[0].interval: "often" is not a duration`,
    );
  });

  it('rejects an initialDelay that is not a duration', () => {
    expect(() => validateMetrics([metric({ initialDelay: 'soon' })], where)).toThrow(
      `${where}.metrics[0].initialDelay: "soon" is not a duration`,
    );
  });
});

describe('providerKindOf', () => {
  it('names the one provider', () => {
    expect(providerKindOf(metric(), 'm')).toBe('web');
  });

  it('rejects a metric without a provider', () => {
    expect(() => providerKindOf(metric({ provider: {} }), 'metrics[0]')).toThrow(
      'metrics[0].provider: metric "m" names no provider',
    );
  });

  it('rejects a metric with two providers', () => {
    const provider = { web: { url: 'u' }, prometheus: { address: 'a', query: 'q' } };
    expect(() => providerKindOf(metric({ provider }), 'metrics[0]')).toThrow(
      'metrics[0].provider: metric "m" names 2 providers (web, prometheus)',
    );
  });

  it('rejects a provider Slipway does not support, saying which ones it does', () => {
    try {
      providerKindOf(metric({ provider: { datadog: {} } }), 'metrics[0]');
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toBe(
        'metrics[0].provider.datadog: metric "m" uses provider "datadog", which Slipway does not support',
      );
      expect((error as { hint: string }).hint).toBe('use one of prometheus, web, job');
    }
  });
});
