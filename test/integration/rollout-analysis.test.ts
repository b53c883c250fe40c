import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { registryAddress } from '../../src/cluster/index.js';
import { kubectl, tools, useNamespace, waitFor } from './support/cluster.js';
import { pauseImage } from './support/gitops.js';
import {
  isHealthy,
  onKwok,
  useRolloutController,
  waitRollout,
  type RolloutObject,
} from './support/rollouts.js';

// Analysis that promotes or stops a canary on its own: Prometheus (Debian's, real) scraping a
// metrics endpoint this test serves on loopback, Jobs on the real node, and a web metric.

let successRate = 0.99;

function startMetrics(): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.setHeader('content-type', 'text/plain; version=0.0.4');
      res.end(
        `# TYPE canary_success_rate gauge\ncanary_success_rate{service="web-canary"} ${successRate}\n`,
      );
    } else if (req.url === '/health') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ data: { ok: true, latencyMs: 12 } }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

const kwokTemplate = (app: string, version: string): Record<string, unknown> => ({
  metadata: { labels: { app } },
  spec: {
    ...onKwok,
    containers: [{ name: 'main', image: pauseImage, env: [{ name: 'V', value: version }] }],
  },
});

function rollout(name: string, canary: Record<string, unknown>): string {
  return stringify({
    apiVersion: 'slipway.dev/v1alpha1',
    kind: 'Rollout',
    metadata: { name },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      strategy: { canary },
      template: kwokTemplate(name, 'v1'),
    },
  });
}

async function update(ns: string, name: string, version: string): Promise<void> {
  await kubectl([
    '-n',
    ns,
    'patch',
    'rollouts.slipway.dev',
    name,
    '--type=merge',
    '-p',
    JSON.stringify({ spec: { template: kwokTemplate(name, version) } }),
  ]);
}

type Run = { metadata: { name: string }; status?: { phase?: string; message?: string } };
async function runsOf(ns: string): Promise<Run[]> {
  return (
    JSON.parse(await kubectl(['-n', ns, 'get', 'analysisruns.slipway.dev', '-o', 'json'])) as {
      items: Run[];
    }
  ).items;
}

const aborted = (r: RolloutObject): boolean =>
  r.status?.abort === true && r.status.phase === 'Degraded';

describe('canary analysis', () => {
  const ns = useNamespace('analysis');
  useRolloutController(() => [ns.name]);
  let metrics: Server;
  let prometheus: ChildProcess;
  let promUrl = '';
  let dataDir = '';

  beforeAll(async () => {
    metrics = await startMetrics();
    const target = `127.0.0.1:${(metrics.address() as AddressInfo).port}`;
    dataDir = await mkdtemp(join(tmpdir(), 'slipway-prometheus-'));
    const config = join(dataDir, 'prometheus.yml');
    await writeFile(
      config,
      stringify({
        global: { scrape_interval: '1s' },
        scrape_configs: [{ job_name: 'canary', static_configs: [{ targets: [target] }] }],
      }),
    );
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      tools.bin.prometheus,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dataDir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    await waitFor('Prometheus to have scraped the canary metric', 60_000, async () => {
      const res = await fetch(`${promUrl}/api/v1/query?query=canary_success_rate`);
      const body = (await res.json()) as { data?: { result?: unknown[] } };
      return (body.data?.result?.length ?? 0) > 0 ? true : undefined;
    });
    await kubectl(
      ['-n', ns.name, 'apply', '-f', '-'],
      stringify({
        apiVersion: 'slipway.dev/v1alpha1',
        kind: 'AnalysisTemplate',
        metadata: { name: 'success-rate' },
        // The shape of Argo Rollouts' documented Prometheus analysis, apiVersion changed.
        spec: {
          args: [{ name: 'service-name' }],
          metrics: [
            {
              name: 'success-rate',
              interval: '1s',
              count: 3,
              successCondition: 'result[0] >= 0.95',
              failureLimit: 0,
              provider: {
                prometheus: {
                  address: promUrl,
                  query: 'canary_success_rate{service="{{args.service-name}}"}',
                },
              },
            },
          ],
        },
      }),
    );
  });

  afterAll(async () => {
    prometheus.kill();
    metrics.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const promSteps = {
    steps: [
      { setWeight: 50 },
      {
        analysis: {
          templates: [{ templateName: 'success-rate' }],
          args: [{ name: 'service-name', value: 'web-canary' }],
        },
      },
    ],
  };

  it('a Prometheus analysis that passes lets the canary through', async () => {
    successRate = 0.99;
    await kubectl(['-n', ns.name, 'apply', '-f', '-'], rollout('prom', promSteps));
    await waitRollout(ns.name, 'prom', 'v1 Healthy', isHealthy);
    await update(ns.name, 'prom', 'v2');
    await waitRollout(
      ns.name,
      'prom',
      'v2 Healthy after analysis',
      (r) => isHealthy(r) && r.status?.currentStepIndex === 2,
      90_000,
    );
    const run = (await runsOf(ns.name)).find((r) => r.metadata.name.startsWith('prom-'));
    expect(run?.status?.phase).toBe('Successful');
  });

  it('a Prometheus analysis that fails aborts the canary on its own', async () => {
    successRate = 0.5;
    await waitFor('Prometheus to see the drop', 30_000, async () => {
      const body = (await (
        await fetch(`${promUrl}/api/v1/query?query=canary_success_rate`)
      ).json()) as { data: { result: { value: [number, string] }[] } };
      return body.data.result[0]?.value[1] === '0.5' ? true : undefined;
    });
    await update(ns.name, 'prom', 'v3');
    const stopped = await waitRollout(ns.name, 'prom', 'aborted by analysis', aborted, 90_000);
    expect(stopped.status?.message).toMatch(/AnalysisRun "prom-[a-z0-9]+-\d+-1" failed/);
    const failed = (await runsOf(ns.name)).find((r) => r.status?.phase === 'Failed');
    expect(failed?.status?.message).toMatch(/success-rate/);
  });

  it('Job analysis: a job that passes in the background, one that fails at a step (Argo examples)', async () => {
    const job = (name: string, exit: number): string =>
      stringify({
        apiVersion: 'slipway.dev/v1alpha1',
        kind: 'AnalysisTemplate',
        metadata: { name },
        spec: {
          metrics: [
            {
              name,
              interval: '5s',
              maxFailures: 1,
              provider: {
                job: {
                  spec: {
                    template: {
                      spec: {
                        containers: [
                          {
                            name: 'sleep',
                            image: `${registryAddress}/base/python:3.11`,
                            command: ['sh', '-c'],
                            args: [`exit ${exit}`],
                          },
                        ],
                        restartPolicy: 'Never',
                      },
                    },
                    backoffLimit: 0,
                  },
                },
              },
            },
          ],
        },
      });
    await kubectl(
      ['-n', ns.name, 'apply', '-f', '-'],
      [job('pass', 0), job('always-fail', 1)].join('---\n'),
    );
    await kubectl(
      ['-n', ns.name, 'apply', '-f', '-'],
      [
        rollout('bg', {
          analysis: { templates: [{ templateName: 'pass' }] },
          steps: [{ setWeight: 50 }, { pause: { duration: '12s' } }],
        }),
        rollout('stepjob', {
          steps: [
            { setWeight: 50 },
            { analysis: { templates: [{ templateName: 'always-fail' }] } },
          ],
        }),
      ].join('---\n'),
    );
    await waitRollout(ns.name, 'bg', 'bg v1 Healthy', isHealthy);
    await waitRollout(ns.name, 'stepjob', 'stepjob v1 Healthy', isHealthy);
    await update(ns.name, 'bg', 'v2');
    await update(ns.name, 'stepjob', 'v2');
    await waitRollout(
      ns.name,
      'bg',
      'bg Healthy with its background job passing',
      (r) => isHealthy(r) && r.status?.currentStepIndex === 2,
      120_000,
    );
    const stopped = await waitRollout(
      ns.name,
      'stepjob',
      'stepjob aborted by its failing job',
      aborted,
      120_000,
    );
    expect(stopped.status?.message).toMatch(/AnalysisRun "stepjob-.*" failed/);
    const runs = await runsOf(ns.name);
    expect(runs.find((r) => r.metadata.name.startsWith('bg-'))?.status?.phase).toBe('Successful');
    const jobs = await kubectl([
      '-n',
      ns.name,
      'get',
      'jobs',
      '-o',
      'jsonpath={range .items[*]}{.status.succeeded}/{.status.failed} {end}',
    ]);
    expect(jobs).toMatch(/1\//);
    expect(jobs).toMatch(/\/1/);
  });

  it('a web metric reads a JSON answer', async () => {
    const health = `http://127.0.0.1:${(metrics.address() as AddressInfo).port}/health`;
    await kubectl(
      ['-n', ns.name, 'apply', '-f', '-'],
      [
        stringify({
          apiVersion: 'slipway.dev/v1alpha1',
          kind: 'AnalysisTemplate',
          metadata: { name: 'web-ok' },
          spec: {
            metrics: [
              {
                name: 'ok',
                count: 2,
                interval: '1s',
                successCondition: 'result == true',
                provider: { web: { url: health, jsonPath: '{$.data.ok}' } },
              },
            ],
          },
        }),
        rollout('web', {
          steps: [{ setWeight: 50 }, { analysis: { templates: [{ templateName: 'web-ok' }] } }],
        }),
      ].join('---\n'),
    );
    await waitRollout(ns.name, 'web', 'web v1 Healthy', isHealthy);
    await update(ns.name, 'web', 'v2');
    await waitRollout(
      ns.name,
      'web',
      'web v2 Healthy after the web analysis',
      (r) => isHealthy(r) && r.status?.currentStepIndex === 2,
      60_000,
    );
  });
});
