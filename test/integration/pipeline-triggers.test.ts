import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RepoCache } from '../../src/git/index.js';
import { PipelineTrigger, PushPoller } from '../../src/pipeline/trigger/index.js';
import { buildWebhookServer } from '../../src/server/index.js';
import { SqliteRunStore, type RunRecord } from '../../src/store/index.js';
import { GitFixture } from './support/git-fixture.js';

// Webhooks and polled pushes start pipelines end to end: a real Git repository (file://), a real
// fastify server on 127.0.0.1, real runs recorded in a temporary SQLite store. No cluster.

const secret = 'pipeline-trigger-secret';
const pipelineYaml = `name: ci
on:
  pull_request:
    types: [opened, synchronize]
  push:
    branches: [main]
jobs:
  hello:
    runs-on: local
    steps:
      - run: echo "hello from \${{ event.event_name }}"
`;

const log = pino({ level: 'silent' });
const sign = (raw: string, key: string): string =>
  `sha256=${createHmac('sha256', key).update(raw).digest('hex')}`;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('pipeline triggers', () => {
  let tmp: string;
  let repo: GitFixture;
  let store: SqliteRunStore;
  let trigger: PipelineTrigger;
  let baseUrl: string;
  let close: () => Promise<void> = () => Promise.resolve();

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'slipway-triggers-'));
    repo = await GitFixture.create({ '.slipway/pipelines/ci.yaml': pipelineYaml });
    store = new SqliteRunStore(join(tmp, 'slipway.db'));
    trigger = new PipelineTrigger({
      repos: [{ url: repo.url }],
      cache: new RepoCache({ cacheDir: join(tmp, 'git') }),
      store,
      log,
      cacheDir: tmp,
    });
    const server = buildWebhookServer(
      { apps: () => [], refresh: () => undefined },
      { secret, log, pipelines: trigger },
    );
    baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
    close = () => server.close();
  });

  afterAll(async () => {
    await close();
    await trigger.close();
    store.close();
    await repo.remove();
    await rm(tmp, { recursive: true, force: true });
  });

  function postPullRequest(headSha: string, key: string): Promise<Response> {
    const raw = JSON.stringify({
      action: 'opened',
      number: 7,
      pull_request: {
        number: 7,
        title: 'Purr louder',
        merged: false,
        head: { ref: 'purr', sha: headSha },
        base: { ref: 'main' },
      },
      repository: { html_url: repo.url, clone_url: repo.url, full_name: 'local/cat-app' },
    });
    return fetch(`${baseUrl}/api/webhooks/github`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'pull_request',
        'x-github-delivery': 'c0ffee00-0000-4000-8000-000000000001',
        'x-hub-signature-256': sign(raw, key),
      },
      body: raw,
    });
  }

  it('runs the pull_request pipeline for a signed GitHub pull request', async () => {
    await repo.git('checkout', '-q', '-b', 'purr');
    const head = await repo.commit('purr louder', { 'purr.txt': 'purr\n' });
    await repo.git('checkout', '-q', 'main');

    const response = await postPullRequest(head, secret);
    expect(response.status).toBe(202);
    const { runs } = (await response.json()) as { runs: string[] };
    expect(runs).toHaveLength(1);
    await trigger.idle();
    const run = await store.getRun(runs[0] ?? '');
    expect(run).toMatchObject({
      pipeline: 'ci',
      repo: repo.url,
      status: 'succeeded',
      event: { kind: 'pull_request', ref: 'refs/pull/7/head', sha: head },
    });
    const lines = (await store.logs(runs[0] ?? '')).map((entry) => entry.line);
    expect(lines).toContain('hello from pull_request');
  });

  it('refuses a pull request signed with the wrong secret, and runs nothing', async () => {
    const before = (await store.listRuns()).length;
    const response = await postPullRequest('f'.repeat(40), 'not-the-secret');
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error:
        'signature check failed: X-Hub-Signature-256 does not match the body signed with the configured secret',
    });
    expect(await store.listRuns()).toHaveLength(before);
  });

  it('runs the push pipeline when the poller sees main move', async () => {
    const poller = new PushPoller({
      repos: [{ url: repo.url }],
      intervalMs: 300,
      onPush: (event) => trigger.trigger(event),
      log,
    });
    poller.start();
    try {
      // The first look only records where the branches are.
      await poller.pollOnce();
      const pushRuns = async (): Promise<RunRecord[]> =>
        (await store.listRuns()).filter((run) => run.event.kind === 'push');
      expect(await pushRuns()).toEqual([]);

      const sha = await repo.commit('meow', { 'meow.txt': 'meow\n' });
      const run = await waitFor('a push run', async () =>
        (await pushRuns()).find((r) => r.event.sha === sha),
      );
      expect(run.event).toMatchObject({ kind: 'push', ref: 'refs/heads/main', branch: 'main' });
      await trigger.idle();
      expect(await store.getRun(run.id)).toMatchObject({ status: 'succeeded' });
    } finally {
      await poller.stop();
    }
  });
});
