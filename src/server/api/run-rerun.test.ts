import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapAdmin, openAuthStore, type AuthStore } from '../../auth/index.js';
import { runCommand } from '../../exec/index.js';
import { RepoCache } from '../../git/index.js';
import { PipelineTrigger } from '../../pipeline/trigger/index.js';
import { SqliteRunStore, type RunRecord } from '../../store/index.js';
import type { ApiServerDeps } from './api-deps.js';
import { buildApiServer } from './api-server.js';
import { offlineApiDeps, signIn } from './testing-server.js';

// POST /api/runs/:id/rerun in-process: a real Git repository in a temp folder, a real trigger
// and run store, the real auth; the rerun is a new run of the same pipeline, event and commit.

const log = pino({ level: 'silent' });
const pipelineYaml = `name: ci
on:
  push:
    branches: [main]
jobs:
  hello:
    runs-on: local
    steps:
      - run: echo "hello from \${{ event.event_name }}"
`;

async function gitRepo(dir: string): Promise<string> {
  const git = (...args: string[]): Promise<string> => runCommand('git', ['-C', dir, ...args]);
  await mkdir(join(dir, '.slipway', 'pipelines'), { recursive: true });
  await writeFile(join(dir, '.slipway', 'pipelines', 'ci.yaml'), pipelineYaml);
  await git('init', '-q', '-b', 'main');
  await git('config', 'user.email', 'test@slipway.dev');
  await git('config', 'user.name', 'Slipway test');
  await git('add', '-A');
  await git('commit', '-q', '-m', 'ci');
  return (await git('rev-parse', 'HEAD')).trim();
}

describe('POST /api/runs/:id/rerun', () => {
  let tmp: string;
  let repoUrl: string;
  let sha: string;
  let auth: AuthStore;
  let runs: SqliteRunStore;
  let trigger: PipelineTrigger;
  let adminPassword = '';
  let previous: RunRecord;

  const server = (rerun: ApiServerDeps['rerun']): ReturnType<typeof buildApiServer> =>
    buildApiServer(offlineApiDeps(auth, runs, rerun === undefined ? {} : { rerun }));

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'slipway-rerun-'));
    const dir = join(tmp, 'app');
    await mkdir(dir);
    sha = await gitRepo(dir);
    repoUrl = `file://${dir}`;
    runs = new SqliteRunStore(join(tmp, 'slipway.db'));
    auth = openAuthStore(':memory:');
    adminPassword = (await bootstrapAdmin(auth.db)) ?? '';
    trigger = new PipelineTrigger({
      repos: [{ url: repoUrl }],
      cache: new RepoCache({ cacheDir: join(tmp, 'git') }),
      store: runs,
      log,
      cacheDir: tmp,
    });
    previous = await firstRun();
  });

  afterAll(async () => {
    await trigger.close();
    auth.close();
    runs.close();
    await rm(tmp, { recursive: true, force: true });
  });

  async function rerunAs(
    app: ReturnType<typeof buildApiServer>,
    id: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const { cookie, csrf } = await signIn(app, 'admin', adminPassword);
    const res = await app.inject({
      method: 'POST',
      url: `/api/runs/${id}/rerun`,
      headers: { cookie, 'x-csrf-token': csrf },
    });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  }

  /** The run to rerun, started as a push to main would start it. */
  async function firstRun(): Promise<RunRecord> {
    const outcome = await trigger.trigger({
      source: 'poll',
      repoUrls: [repoUrl],
      event: { kind: 'push', ref: 'refs/heads/main', sha },
    });
    if (!outcome.started) throw new Error(outcome.ignored);
    await trigger.idle();
    const run = await runs.getRun(outcome.runs[0] ?? '');
    if (run === undefined) throw new Error('the first run is not in the store');
    return run;
  }

  it('starts a new run of the same pipeline, event and commit and answers 202 with its id', async () => {
    expect(previous.status).toBe('succeeded');
    const app = server((run) => trigger.rerun(run));
    try {
      const { status, body } = await rerunAs(app, previous.id);
      expect(status).toBe(202);
      expect(body['accepted']).toBe(true);
      expect(typeof body['run']).toBe('string');
      expect(body['run']).not.toBe(previous.id);
      await trigger.idle();
      const rerun = await runs.getRun(String(body['run']));
      expect(rerun).toMatchObject({
        pipeline: 'ci',
        repo: repoUrl,
        status: 'succeeded',
        event: { kind: 'push', ref: 'refs/heads/main', sha },
      });
    } finally {
      await app.close();
    }
  });

  it('refuses (409) a run of a repository the server has not registered', async () => {
    const stranger = { ...previous, repo: 'file:///nowhere/else' };
    const app = server(() => trigger.rerun(stranger));
    try {
      const { status, body } = await rerunAs(app, previous.id);
      expect(status).toBe(409);
      expect(body).toMatchObject({ error: { code: 'conflict' } });
    } finally {
      await app.close();
    }
  });

  it('answers 503 when the server runs no pipelines', async () => {
    const app = server(undefined);
    try {
      expect((await rerunAs(app, previous.id)).status).toBe(503);
    } finally {
      await app.close();
    }
  });
});
