import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Metric } from '../../../config/analysis.js';
import { prometheusProvider, queryPrometheus } from './prometheus.js';
import type { MeasurementContext } from './provider.js';

// A real HTTP server answering in Prometheus's documented /api/v1/query format.
const answers: Record<string, { status: number; body: unknown }> = {
  'rate-ok': {
    status: 200,
    body: {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          { metric: { pod: 'a' }, value: [1714557600, '0.98'] },
          { metric: { pod: 'b' }, value: [1714557600, 'NaN'] },
        ],
      },
    },
  },
  'rate-low': {
    status: 200,
    body: {
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: {}, value: [1714557600, '0.5'] }] },
    },
  },
  empty: { status: 200, body: { status: 'success', data: { resultType: 'vector', result: [] } } },
  scalar: {
    status: 200,
    body: { status: 'success', data: { resultType: 'scalar', result: [1714557600, '+Inf'] } },
  },
  matrix: { status: 200, body: { status: 'success', data: { resultType: 'matrix', result: [] } } },
  'bad(': {
    status: 400,
    body: {
      status: 'error',
      errorType: 'bad_data',
      error: '1:5: parse error: unclosed left parenthesis',
    },
  },
};
const seen: string[] = [];
let server: Server;
let address: string;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    seen.push(url.search);
    if (url.pathname !== '/api/v1/query') {
      res.writeHead(404).end('not found');
      return;
    }
    const query = url.searchParams.get('query') ?? '';
    if (query === 'html') {
      res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html>Bad Gateway</html>');
      return;
    }
    const answer = answers[query] ?? {
      status: 200,
      body: { status: 'success', data: { resultType: 'vector', result: [] } },
    };
    res
      .writeHead(answer.status, { 'Content-Type': 'application/json' })
      .end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  address = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const now = new Date('2024-05-01T10:00:00Z');
const context = (query: string, successCondition?: string): MeasurementContext => {
  const metric: Metric = {
    name: 'rate',
    ...(successCondition ? { successCondition } : {}),
    provider: { prometheus: { address, query, timeout: 5 } },
  };
  return {
    run: { apiVersion: 'slipway.dev/v1alpha1', kind: 'AnalysisRun', metadata: { name: 'r' } },
    metric,
    now,
    measurementNumber: 1,
  };
};

describe('queryPrometheus', () => {
  it('turns a vector into an array of numbers, NaN included', async () => {
    const value = await queryPrometheus({ address, query: 'rate-ok' });
    expect(value).toEqual([0.98, Number.NaN]);
  });

  it('turns a scalar into a number', async () => {
    await expect(queryPrometheus({ address, query: 'scalar' })).resolves.toBe(Infinity);
  });

  it('sends the query and timeout as URL parameters', async () => {
    await queryPrometheus({ address, query: 'sum(rate(x{a="b"}[5m]))', timeout: 7 });
    const params = new URLSearchParams(seen.at(-1));
    expect(params.get('query')).toBe('sum(rate(x{a="b"}[5m]))');
    expect(params.get('timeout')).toBe('7s');
  });
});

describe('prometheusProvider', () => {
  const provider = prometheusProvider();

  it('measures a value that meets the condition', async () => {
    const measurement = await provider.start(context('rate-ok', 'result[0] >= 0.95'));
    expect(measurement).toEqual({
      phase: 'Successful',
      value: '[0.98,NaN]',
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
    });
  });

  it('measures a value that misses the condition as Failed', async () => {
    const measurement = await provider.start(context('rate-low', 'result[0] >= 0.95'));
    expect(measurement).toMatchObject({ phase: 'Failed', value: '[0.5]' });
  });

  it('reports an empty result indexed by the condition as an Error', async () => {
    const measurement = await provider.start(context('empty', 'result[0] >= 0.95'));
    expect(measurement).toMatchObject({ phase: 'Error', value: '[]' });
    expect(measurement.message).toContain('index 0 is out of range');
  });

  it("reports Prometheus's own error message", async () => {
    const measurement = await provider.start(context('bad('));
    expect(measurement).toMatchObject({ phase: 'Error' });
    expect(measurement.message).toBe(
      `Prometheus at ${address} refused query "bad(": bad_data: 1:5: parse error: unclosed left parenthesis`,
    );
  });

  it('reports an answer that is not Prometheus JSON', async () => {
    const measurement = await provider.start(context('html'));
    expect(measurement.message).toBe(
      `${address} answered HTTP 502 with something other than Prometheus JSON: <html>Bad Gateway</html>`,
    );
  });

  it('reports a matrix result as unsupported', async () => {
    const measurement = await provider.start(context('matrix'));
    expect(measurement.message).toBe(
      'query "matrix" returned a matrix result; only vector and scalar results can be judged',
    );
  });

  it('reports an unreachable server', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const ctx = context('up');
    const metric = {
      ...ctx.metric,
      provider: { prometheus: { address: `http://127.0.0.1:${port}`, query: 'up' } },
    };
    const measurement = await provider.start({ ...ctx, metric });
    expect(measurement.phase).toBe('Error');
    expect(measurement.message).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/api\/v1\/query\?query=up failed: .*ECONNREFUSED/,
    );
  });
});
