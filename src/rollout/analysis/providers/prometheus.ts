import type { PrometheusProviderSpec } from '../../../config/analysis.js';
import { InputError } from '../../../errors/index.js';
import { sendRequest } from './http-request.js';
import {
  errorMeasurement,
  finishedMeasurement,
  measuredValue,
  type MeasurementContext,
  type MetricProvider,
} from './provider.js';

// Prometheus instant queries (GET /api/v1/query): a vector becomes an array of numbers, a
// scalar a number. Any failure becomes an Error measurement carrying Prometheus's message.

const defaultTimeoutSeconds = 30;

type QueryResponse = {
  status?: string;
  error?: string;
  errorType?: string;
  data?: { resultType?: string; result?: unknown };
};

export function prometheusProvider(): MetricProvider {
  return {
    start: async (context) => {
      try {
        return measuredValue(context, await queryPrometheus(specOf(context)));
      } catch (error) {
        return errorMeasurement(context, error);
      }
    },
    resume: finishedMeasurement,
    terminate: finishedMeasurement,
  };
}

function specOf(context: MeasurementContext): PrometheusProviderSpec {
  const spec = context.metric.provider.prometheus;
  if (spec === undefined) {
    throw new InputError(`metric "${context.metric.name}" has no provider.prometheus`, {
      hint: 'give the metric a provider.prometheus with an address and a query',
    });
  }
  return spec;
}

/** Runs an instant query and returns its value: number[] for a vector, number for a scalar. */
export async function queryPrometheus(spec: PrometheusProviderSpec): Promise<number | number[]> {
  const url = new URL(`${spec.address.replace(/\/+$/, '')}/api/v1/query`);
  url.searchParams.set('query', spec.query);
  if (spec.timeout !== undefined) url.searchParams.set('timeout', `${spec.timeout}s`);
  const response = await sendRequest({
    url: url.toString(),
    timeoutMs: ((spec.timeout ?? defaultTimeoutSeconds) + 5) * 1000,
  });
  const body = parseBody(response.body, response.status, spec.address);
  if (body.status !== 'success') {
    throw new Error(
      `Prometheus at ${spec.address} refused query ${JSON.stringify(spec.query)}: ${body.errorType ?? 'error'}: ${body.error ?? `HTTP ${response.status}`}`,
    );
  }
  return valueOf(body.data, spec);
}

function parseBody(text: string, status: number, address: string): QueryResponse {
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === 'object' && body !== null) return body;
  } catch {
    // Falls through to the error below: not Prometheus's JSON (a proxy's HTML page, say).
  }
  throw new Error(
    `${address} answered HTTP ${status} with something other than Prometheus JSON: ${text.slice(0, 200)}`,
  );
}

function valueOf(data: QueryResponse['data'], spec: PrometheusProviderSpec): number | number[] {
  const result = data?.result;
  if (data?.resultType === 'scalar' && Array.isArray(result)) return sampleValue(result);
  if (data?.resultType === 'vector' && Array.isArray(result)) {
    return result.map((series: unknown) =>
      sampleValue((series as { value?: unknown } | null)?.value),
    );
  }
  throw new Error(
    `query ${JSON.stringify(spec.query)} returned a ${data?.resultType ?? 'missing'} result; only vector and scalar results can be judged`,
  );
}

/** A sample is `[timestamp, "value"]`; Prometheus spells special values NaN, +Inf, -Inf. */
function sampleValue(sample: unknown): number {
  const text: unknown = Array.isArray(sample) ? (sample as unknown[])[1] : undefined;
  if (text === 'NaN') return Number.NaN;
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  const value = typeof text === 'string' ? Number(text) : Number.NaN;
  if (typeof text !== 'string' || text.trim() === '' || Number.isNaN(value)) {
    throw new Error(`Prometheus sample ${JSON.stringify(sample)} has no numeric value`);
  }
  return value;
}
