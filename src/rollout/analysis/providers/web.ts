import type { WebProviderSpec } from '../../../config/analysis.js';
import { InputError } from '../../../errors/index.js';
import { sendRequest } from './http-request.js';
import { selectJsonPath } from './json-path.js';
import {
  errorMeasurement,
  finishedMeasurement,
  measuredValue,
  type MeasurementContext,
  type MetricProvider,
} from './provider.js';

// Web metrics: an HTTP(S) request whose JSON answer (or the part `jsonPath` selects) is the value.

const defaultTimeoutSeconds = 10;

export function webProvider(): MetricProvider {
  return {
    start: async (context) => {
      try {
        return measuredValue(context, await fetchWebMetric(specOf(context)));
      } catch (error) {
        return errorMeasurement(context, error);
      }
    },
    resume: finishedMeasurement,
    terminate: finishedMeasurement,
  };
}

function specOf(context: MeasurementContext): WebProviderSpec {
  const spec = context.metric.provider.web;
  if (spec === undefined) {
    throw new InputError(`metric "${context.metric.name}" has no provider.web`, {
      hint: 'give the metric a provider.web with a url',
    });
  }
  return spec;
}

/** Sends the request and returns the JSON value it answers with (after `jsonPath`). */
export async function fetchWebMetric(spec: WebProviderSpec): Promise<unknown> {
  const headers: Record<string, string> = {};
  for (const header of spec.headers ?? []) headers[header.key] = header.value;
  let body = spec.body;
  if (spec.jsonBody !== undefined) {
    body = JSON.stringify(spec.jsonBody);
    headers['Content-Type'] ??= 'application/json';
  }
  const response = await sendRequest({
    url: spec.url,
    method: spec.method ?? 'GET',
    headers,
    ...(body === undefined ? {} : { body }),
    timeoutMs: (spec.timeoutSeconds ?? defaultTimeoutSeconds) * 1000,
    insecure: spec.insecure ?? false,
  });
  if (response.status < 200 || response.status >= 300) {
    throw new Error(
      `${spec.url} answered HTTP ${response.status} (a metric needs a 2xx answer): ${response.body.slice(0, 200)}`,
    );
  }
  let document: unknown;
  try {
    document = JSON.parse(response.body);
  } catch {
    throw new Error(
      `${spec.url} answered with something other than JSON: ${response.body.slice(0, 200)}`,
    );
  }
  return spec.jsonPath === undefined ? document : selectJsonPath(document, spec.jsonPath);
}
