import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebProviderSpec } from '../../../config/analysis.js';
import { parseJsonPath, selectJsonPath } from './json-path.js';
import type { MeasurementContext } from './provider.js';
import { fetchWebMetric, webProvider } from './web.js';

type Received = { method?: string; url?: string; headers: Record<string, unknown>; body: string };
const received: Received[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method, url: req.url, headers: req.headers, body });
      if (req.url === '/status') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ data: { ok: true, rate: 0.99, items: [{ v: 1 }, { v: 2 }] } }));
      } else if (req.url === '/echo') {
        res.writeHead(200).end(body);
      } else if (req.url === '/slow') {
        setTimeout(() => res.writeHead(200).end('{}'), 3000).unref();
      } else if (req.url === '/text') {
        res.writeHead(200).end('OK');
      } else {
        res.writeHead(503).end('down for maintenance');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const now = new Date('2024-05-01T10:00:00Z');
const context = (web: WebProviderSpec, successCondition?: string): MeasurementContext => ({
  run: { apiVersion: 'slipway.dev/v1alpha1', kind: 'AnalysisRun', metadata: { name: 'r' } },
  metric: { name: 'web', ...(successCondition ? { successCondition } : {}), provider: { web } },
  now,
  measurementNumber: 1,
});

describe('fetchWebMetric', () => {
  it('returns the value at jsonPath', async () => {
    await expect(fetchWebMetric({ url: `${base}/status`, jsonPath: '{$.data.ok}' })).resolves.toBe(
      true,
    );
    await expect(
      fetchWebMetric({ url: `${base}/status`, jsonPath: '{$.data.items[*].v}' }),
    ).resolves.toEqual([1, 2]);
  });

  it('returns the whole JSON body without jsonPath', async () => {
    await expect(fetchWebMetric({ url: `${base}/status` })).resolves.toMatchObject({
      data: { rate: 0.99 },
    });
  });

  it('sends method, headers and body', async () => {
    const value = await fetchWebMetric({
      url: `${base}/echo`,
      method: 'POST',
      headers: [{ key: 'Authorization', value: 'Bearer t' }],
      jsonBody: { ask: 'rate' },
    });
    expect(value).toEqual({ ask: 'rate' });
    const request = received.at(-1);
    expect(request?.method).toBe('POST');
    expect(request?.headers['authorization']).toBe('Bearer t');
    expect(request?.headers['content-type']).toBe('application/json');
  });

  it('rejects a non-2xx answer, quoting it', async () => {
    await expect(fetchWebMetric({ url: `${base}/missing` })).rejects.toThrow(
      `${base}/missing answered HTTP 503 (a metric needs a 2xx answer): down for maintenance`,
    );
  });

  it('rejects an answer that is not JSON', async () => {
    await expect(fetchWebMetric({ url: `${base}/text` })).rejects.toThrow(
      `${base}/text answered with something other than JSON: OK`,
    );
  });

  it('gives up after timeoutSeconds', async () => {
    await expect(fetchWebMetric({ url: `${base}/slow`, timeoutSeconds: 1 })).rejects.toThrow(
      `GET ${base}/slow failed: timed out after 1s`,
    );
  });
});

describe('webProvider', () => {
  it('judges the selected value', async () => {
    const measurement = await webProvider().start(
      context({ url: `${base}/status`, jsonPath: '{$.data.rate}' }, 'result > 0.95'),
    );
    expect(measurement).toEqual({
      phase: 'Successful',
      value: '0.99',
      startedAt: now.toISOString(),
      finishedAt: now.toISOString(),
    });
  });

  it('reports a failed request as an Error measurement', async () => {
    const measurement = await webProvider().start(context({ url: `${base}/missing` }));
    expect(measurement.phase).toBe('Error');
    expect(measurement.message).toContain('answered HTTP 503');
  });

  it('reports a jsonPath that finds nothing', async () => {
    const measurement = await webProvider().start(
      context({ url: `${base}/status`, jsonPath: '{$.data.nope}' }),
    );
    expect(measurement.message).toBe('jsonPath "{$.data.nope}" finds nothing in the response');
  });
});

describe('json paths', () => {
  const doc = { a: { 'b-c': [10, 20], d: null }, list: [{ x: 1 }, { x: 2 }] };

  it.each([
    ['{$.a.b-c[1]}', 20],
    ["{$['a']['b-c'][0]}", 10],
    ['{.a.d}', null],
    ['$.list[-1].x', 2],
    ['{$.list[*].x}', [1, 2]],
    ['{$}', doc],
  ])('%s selects %j', (path, expected) => {
    expect(selectJsonPath(doc, path)).toEqual(expected);
  });

  it('rejects a path it cannot read, naming it', () => {
    expect(() => parseJsonPath('{$.a..b}')).toThrow(
      'provider.web.jsonPath: "{$.a..b}" does not parse at "..b"',
    );
  });
});
