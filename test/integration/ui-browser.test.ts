import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { stringify } from 'yaml';
import { createUser, openAuthStore } from '../../src/auth/index.js';
import { installSlipway } from '../../src/gitops/index.js';
import { KubeRest, ObjectClient } from '../../src/kube/index.js';
import { parsePipeline, planPipeline } from '../../src/pipeline/index.js';
import {
  nativePostStepActions,
  nativeStepActions,
  runPipeline,
} from '../../src/pipeline/run/index.js';
import { startSlipway, type RunningSlipway } from '../../src/server/up.js';
import { SqliteRunStore } from '../../src/store/index.js';
import { builtUi, openBrowser, type BrowserSession } from './support/browser.js';
import { useNamespace, waitFor } from './support/cluster.js';
import { GitFixture } from './support/git-fixture.js';
import {
  configMapYaml,
  createApp,
  pauseImage,
  syncedAndHealthy,
  waitApp,
} from './support/gitops.js';
import { deployKwokCanary, isHealthy, startCanary, waitRollout } from './support/rollouts.js';

// The built web UI in headless Chromium against `slipway up`'s whole server in-process, its
// controllers on this test's namespace: a deployer signs in, reads the applications, promotes a
// paused canary and follows a pipeline run's log live. Any console error fails the test.
// Screenshots of each page are kept in test-results/screenshots/.

const password = 'correct-horse-battery';
const pipelineYaml = `name: ci
on:
  manual:
  push:
    branches: [main]
jobs:
  tick:
    runs-on: local
    steps:
      - name: count
        run: |
          echo "tick 1"
          sleep 2
          echo "tick 2"
          sleep 2
          echo "tick 3"
`;

/** Retries until the page agrees; playwright-core has no `expect` of its own. */
const eventually = <T>(read: () => Promise<T> | T, timeout = 20_000) =>
  expect.poll(read, { timeout, interval: 100 });
const text = async (locator: Locator): Promise<string> =>
  (await locator.count()) === 0 ? '' : ((await locator.first().textContent()) ?? '');

describe('the web UI in Chromium', () => {
  const ns = useNamespace('ui-browser');
  const stateDir = mkdtempSync(join(tmpdir(), 'slipway-ui-'));
  let slipway: RunningSlipway;
  let browser: BrowserSession;
  let config: GitFixture;
  let pipelines: GitFixture;

  beforeAll(async () => {
    const uiDir = await builtUi();
    await installSlipway(new ObjectClient(KubeRest.fromConnection()));
    config = await GitFixture.create({
      'web/config.yaml': configMapYaml('web-config', { colour: 'tabby' }),
      'api/config.yaml': configMapYaml('api-config', { colour: 'ginger' }),
    });
    pipelines = await GitFixture.create({ '.slipway/pipelines/ci.yaml': pipelineYaml });
    const repos = join(stateDir, 'pipeline-repos.yaml');
    writeFileSync(repos, stringify({ repos: [{ url: pipelines.url }] }));
    slipway = await startSlipway({
      stateDir,
      host: '127.0.0.1',
      port: 0,
      namespaces: [ns.name],
      log: pino({ level: process.env['SLIPWAY_TEST_LOG'] ?? 'silent' }),
      uiDir,
      pipelineRepos: repos,
      heartbeatMs: 1000,
    });
    const auth = openAuthStore(slipway.databaseFile);
    await createUser(auth.db, 'dora', password, [{ role: 'deployer', project: '*' }]);
    auth.close();
    await waitFor('/readyz', 30_000, async () =>
      (await fetch(`${slipway.url}/readyz`)).status === 200 ? true : undefined,
    );
    browser = await openBrowser(slipway.url);
  });
  afterEach(async (context) => {
    // A failing test leaves the page it failed on, beside the others.
    if (context.task.result?.state === 'fail')
      await browser.screenshot(`failed-${context.task.name.replace(/\W+/g, '-')}`);
    expect(browser.errors).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await slipway?.close();
    await config?.remove();
    await pipelines?.remove();
    rmSync(stateDir, { recursive: true, force: true });
  });

  /** Opens `path`, signing in on the way when the session is not there (a test run alone). */
  const open = async (path: string): Promise<void> => {
    const { page } = browser;
    await page.goto(path);
    // The shell asks who is signed in first, then shows either the nav or the sign-in form.
    await page.locator('header.top-nav, #sign-in-title').first().waitFor();
    if (await page.locator('#sign-in-title').isVisible()) {
      await page.getByLabel('User name').fill('dora');
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await eventually(() => new URL(page.url()).pathname).toBe(path);
    }
  };

  it('signs a deployer in and lists the synced applications', async () => {
    for (const name of ['web', 'api'])
      await createApp(ns.name, name, {
        repoURL: config.url,
        path: name,
        namespace: ns.name,
        automated: { prune: true },
      });
    for (const name of ['web', 'api'])
      await waitApp(ns.name, name, 'synced and healthy', syncedAndHealthy);

    const { page } = browser;
    await page.goto('/applications');
    await eventually(() => page.url()).toMatch(/\/sign-in\?next=%2Fapplications$/);
    await page.getByLabel('User name').fill('dora');
    await page.getByLabel('Password').fill(password);
    await browser.screenshot('01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();

    await eventually(() => page.url()).toMatch(/\/applications$/);
    await page
      .getByRole('heading', { name: 'Applications', level: 1 })
      .waitFor({ state: 'visible' });
    await eventually(() => text(page.locator('.who'))).toContain('dora');
    const rows = page.locator('table.data tbody tr');
    await eventually(() => rows.count()).toBe(2);
    // Sorted by name: api before web, each Synced and Healthy.
    await eventually(() => text(rows.nth(0))).toContain(`${ns.name}/api`);
    await eventually(() => text(rows.nth(1))).toContain(`${ns.name}/web`);
    for (const i of [0, 1]) {
      await eventually(() => text(rows.nth(i))).toContain('Synced');
      await eventually(() => text(rows.nth(i))).toContain('Healthy');
    }
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ state: 'visible' });
    await browser.screenshot('02-applications');

    await page.getByRole('searchbox').fill('we');
    await eventually(() => page.url()).toMatch(/q=we/);
    await eventually(() => rows.count()).toBe(1);
    await eventually(() => text(rows.nth(0))).toContain('web');
  });

  it('shows a canary paused at 20% and follows it to Healthy after Promote', async () => {
    await deployKwokCanary(ns.name, 'shop');
    await startCanary(ns.name, 'shop');

    const { page } = browser;
    await open(`/rollouts/${ns.name}/shop`);
    await page.getByRole('heading', { name: 'shop', level: 1 }).waitFor({ state: 'visible' });
    const phase = page.locator('section > p .badge').first();
    await eventually(async () => (await text(phase)).trim()).toBe('Paused');
    const steps = page.locator('ol.steps li');
    await eventually(() => steps.count()).toBe(2);
    await eventually(async () => (await steps.nth(0).getAttribute('class')) ?? '').toMatch(
      /step-done/,
    );
    await eventually(() => text(steps.nth(0))).toContain('setWeight: 20');
    const current = page.locator('ol.steps li[aria-current="step"]');
    await eventually(() => current.count()).toBe(1);
    await eventually(() => text(current)).toContain('pause: {}');
    await eventually(() =>
      page.getByRole('meter', { name: 'Set weight' }).getAttribute('aria-valuenow'),
    ).toBe('20');
    await eventually(() => text(page.locator('.rs-card.rs-canary'))).toContain('pause:v2');
    await eventually(() => text(page.locator('.rs-card.rs-stable'))).toContain(pauseImage);
    await page.getByRole('status').filter({ hasText: 'Live' }).waitFor({ state: 'visible' });
    await browser.screenshot('03-rollout-paused');

    await page.getByRole('button', { name: 'Promote', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Promote ${ns.name}/shop?` });
    await dialog.waitFor({ state: 'visible' });
    await browser.screenshot('04-rollout-promote-dialog');
    await dialog.getByRole('button', { name: 'Promote', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Nothing reloads the page from here: Healthy arrives as a live `rollout` event.
    await eventually(async () => (await text(phase)).trim(), 120_000).toBe('Healthy');
    await eventually(() =>
      page.getByRole('meter', { name: 'Set weight' }).getAttribute('aria-valuenow'),
    ).toBe('100');
    await eventually(() => page.locator('ol.steps li.step-done').count()).toBe(2);
    await waitRollout(ns.name, 'shop', 'Healthy on v2', isHealthy);
    await browser.screenshot('05-rollout-healthy');
  });

  it('opens a pipeline run, re-runs it and shows the new log lines as they are written', async () => {
    // A first run written straight into the server's state file, as `slipway pipeline run` does.
    const sha = (await pipelines.git('rev-parse', 'HEAD')).trim();
    const decision = planPipeline(parsePipeline(pipelineYaml, '.slipway/pipelines/ci.yaml'), {
      kind: 'manual',
      ref: 'refs/heads/main',
      sha,
    });
    if (!decision.triggered) throw new Error(`not triggered: ${decision.reason}`);
    const store = new SqliteRunStore(slipway.databaseFile);
    const first = await runPipeline(
      decision.plan,
      { store, actions: nativeStepActions, postActions: nativePostStepActions },
      { repo: pipelines.url, cacheDir: join(stateDir, 'runs'), pollIntervalMs: 200 },
    ).finally(() => store.close());
    expect(first.status).toBe('succeeded');

    const { page } = browser;
    await open(`/runs/${first.id}`);
    await page.getByRole('heading', { name: `Run ${first.id}` }).waitFor({ state: 'visible' });
    const log = page.getByLabel('Log', { exact: true });
    await eventually(() => text(log)).toContain('tick 3');
    await eventually(async () => (await text(page.locator('dl.summary .badge'))).trim()).toBe(
      'succeeded',
    );
    await browser.screenshot('06-run-finished');

    const logReads: string[] = [];
    page.on('request', (request) => {
      if (/\/api\/runs\/[^/]+\/logs/.test(request.url())) logReads.push(request.url());
    });
    await page.getByRole('button', { name: 'Re-run' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run ci again?' });
    await dialog.getByRole('button', { name: 'Re-run' }).click();
    // A refused re-run shows its reason beside the button; say it rather than time out.
    await eventually(async () => (await text(page.locator('.outcome'))) || page.url()).not.toMatch(
      new RegExp(`/runs/${first.id}$`),
    );
    expect(await text(page.locator('.outcome.failed'))).toBe('');
    await eventually(() => page.url()).not.toMatch(new RegExp(`/runs/${first.id}$`));
    await eventually(() => page.url()).toMatch(/\/runs\/[^/]+$/);
    const rerunId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');

    await eventually(() => text(log)).toContain('tick 1');
    await eventually(async () => (await text(page.locator('dl.summary .badge'))).trim()).toBe(
      'running',
    );
    expect(await text(log)).not.toContain('tick 3');
    await browser.screenshot('07-run-live');
    const readsWhileRunning = logReads.length;
    await eventually(() => text(log), 30_000).toContain('tick 3');
    await eventually(
      async () => (await text(page.locator('dl.summary .badge'))).trim(),
      30_000,
    ).toBe('succeeded');
    // The later lines came as `log` events: the page did not read the logs again.
    expect(logReads.length).toBe(readsWhileRunning);
    expect(logReads.every((url) => url.includes(`/api/runs/${rerunId}/logs`))).toBe(true);
    await browser.screenshot('08-rerun-finished');
  });
});
