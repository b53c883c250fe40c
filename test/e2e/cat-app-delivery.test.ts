import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { freePort } from '../../src/server/free-port.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { logIn } from '../../src/cli/commands/login.js';
import { createServerClient } from '../../src/cli/server-client.js';
import { registryAddress } from '../../src/cluster/index.js';
import {
  animatedMarker,
  awaitCanaryAt20,
  awaitRun,
  catApp,
  closePullRequest,
  cloneUrl,
  demoRepos,
  firstRelease,
  jobOutput,
  openFeaturePr,
  openPullRequest,
  previewServesFeature,
  promoteToFull,
  pushBranch,
  demoRunTokens,
  awaitPreviewClosed,
  awaitRelease,
  mergeFeaturePr,
  type Merge,
  type Release,
  seedRepositories,
  SlackInbox,
  slackText,
  type DemoWorld,
  type FeaturePr,
  type Seeded,
} from '../../src/demo/index.js';
import { applyManifest, clearDemoObjects } from '../../src/demo/demo-cluster.js';
import { runCommand } from '../../src/exec/index.js';
import { GitHost } from '../../src/githost/index.js';
import { startSlipway, type RunningSlipway } from '../../src/server/up.js';
import type { RunRecord } from '../../src/store/index.js';
import { getOnce } from '../integration/support/rollouts.js';
import { kubectl } from '../integration/support/cluster.js';
import { registryDigest, stepStatuses } from '../integration/support/cat-app.js';

// The seed's story end to end, as `npm run demo` tells it, asserted at every stage: `slipway up`
// in process, the cat app and its config repo on a Git host sending signed GitHub webhooks, the
// real cluster, registry, buildah and pipelines, and a Slack stand-in on loopback.

const webhookSecret = 'e2e-webhook-secret';
let dir: string;
let slack: SlackInbox;
let host: GitHost;
let slipway: RunningSlipway;
let world: DemoWorld;
let seeded: Seeded;
const gitHostLog: string[] = [];

beforeAll(async () => {
  await clearDemoObjects();
  dir = await mkdtemp(join(tmpdir(), 'slipway-e2e-'));
  slack = new SlackInbox();
  await slack.start();
  const port = await freePort();
  host = new GitHost({
    root: join(dir, 'git'),
    user: 'cat-dev',
    password: 'e2e-git-password',
    webhooks: [{ url: `http://127.0.0.1:${port}/api/webhooks/github`, secret: webhookSecret }],
    // Slipway's URL is known before it starts: main's gitops-bump pushes with its run token.
    runTokens: demoRunTokens(`http://127.0.0.1:${port}`),
    log: (line) => gitHostLog.push(line),
  });
  await host.start();
  const git = { baseUrl: host.baseUrl, user: 'cat-dev', password: 'e2e-git-password' };
  await writeFile(
    join(dir, 'secrets.env'),
    `SLACK_WEBHOOK_URL=${slack.url}\nCONFIG_REPO=${cloneUrl(git, demoRepos.config)}\n`,
  );
  await writeFile(
    join(dir, 'pipeline-repos.yaml'),
    stringify({
      repos: [
        {
          url: cloneUrl(git, demoRepos.app),
          secretsFile: 'secrets.env',
          preview: {
            app: 'cat-app',
            config: { repoURL: cloneUrl(git, demoRepos.config) },
            image: `${registryAddress}/cat-app`,
          },
        },
      ],
    }),
  );
  process.env['SLIPWAY_WEBHOOK_SECRET'] = webhookSecret;
  slipway = await startSlipway({
    stateDir: dir,
    host: '127.0.0.1',
    port,
    log: pino({ level: 'warn' }),
    pipelineRepos: join(dir, 'pipeline-repos.yaml'),
    pollIntervalMs: 60_000,
  });
  const session = await logIn(
    createServerClient({ server: slipway.url }),
    'admin',
    slipway.adminPassword ?? '',
    'e2e',
  );
  world = {
    api: createServerClient({ server: slipway.url, token: session.token }),
    git,
    workDir: join(dir, 'work'),
    apply: applyManifest,
    slack: () => Promise.resolve(slack.messages),
  };
});

afterAll(async () => {
  await clearDemoObjects();
  await slipway?.close();
  await host?.close();
  await slack?.close();
  delete process.env['SLIPWAY_WEBHOOK_SECRET'];
  await rm(dir, { recursive: true, force: true });
});

/** Resolves once the cat-app Service routes to `count` ready endpoints, then kube-proxy's sync. */
async function awaitServiceEndpoints(count: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const slices = JSON.parse(
      await kubectl([
        '-n',
        catApp.namespace,
        'get',
        'endpointslices',
        '-l',
        'kubernetes.io/service-name=cat-app',
        '-o',
        'json',
      ]),
    ) as { items: { endpoints?: { conditions?: { ready?: boolean } }[] }[] };
    const ready = slices.items
      .flatMap((i) => i.endpoints ?? [])
      .filter((e) => e.conditions?.ready === true).length;
    if (ready === count) break;
    if (Date.now() > deadline)
      throw new Error(`the cat-app Service has ${ready} ready endpoints, not ${count}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  // kube-proxy rewrites its rules a moment after the EndpointSlice changes.
  await new Promise((r) => setTimeout(r, 3000));
}

/** The version each of `count` fresh requests through the cat-app Service answered with. */
async function versionsThroughService(count: number): Promise<Map<string, number>> {
  const ip = await kubectl([
    '-n',
    catApp.namespace,
    'get',
    'service',
    'cat-app',
    '-o',
    'jsonpath={.spec.clusterIP}',
  ]);
  const seen = new Map<string, number>();
  for (let i = 0; i < count; i += 1) {
    const { version } = JSON.parse(await getOnce(`http://${ip}/api/version`)) as {
      version: string;
    };
    seen.set(version, (seen.get(version) ?? 0) + 1);
  }
  return seen;
}

function slackFor(run: RunRecord): string[] {
  return slack.messages
    .map(slackText)
    .filter(
      (text) =>
        text.includes(run.event.sha.slice(0, 7)) ||
        text.includes(`PR #${run.event.pr?.number ?? -1}`),
    );
}

describe('the cat app from pull request to canary (seed 001)', () => {
  let firstRun: RunRecord;
  let pr: FeaturePr;
  let prOpen: RunRecord;
  let previewUrl: string;
  let merge: Merge;
  let release: Release;
  let canary: Awaited<ReturnType<typeof awaitCanaryAt20>>;

  it('releases the first commit of main: pipeline, config commit, Rollout Healthy', async () => {
    seeded = await seedRepositories(world);
    firstRun = await firstRelease(world, seeded.appSha, () => undefined);
    expect(stepStatuses(firstRun)).toMatchObject({
      test: 'succeeded',
      'test/lint (ruff)': 'success',
      'test/unit tests (pytest with coverage)': 'success',
      'test/coverage gate (80%)': 'success',
      'test/SAST (bandit)': 'success',
      release: 'succeeded',
    });
    await awaitServiceEndpoints(5);
    const versions = await versionsThroughService(20);
    expect([...versions.keys()]).toEqual([seeded.appSha]);
  });

  it('opens the "animated GIFs" pull request: pr-open passes every gate and pushes canary-pr-1', async () => {
    pr = await openFeaturePr(world, seeded.app);
    prOpen = await awaitRun(world.api, 'pr-open', pr.sha, 15 * 60_000);
    expect(prOpen.status).toBe('succeeded');
    expect(stepStatuses(prOpen)).toMatchObject({
      'code/lint (ruff)': 'success',
      'code/unit tests (pytest with coverage)': 'success',
      'code/coverage gate (80%)': 'success',
      'code/SAST (bandit)': 'success',
      'container/image scan': 'success',
      'container/SBOM (SPDX)': 'success',
      container: 'succeeded',
    });
    expect(await registryDigest(`${registryAddress}/cat-app:canary-pr-${pr.number}`)).toBe(
      jobOutput(prOpen, 'container', 'digest'),
    );
  });

  it('gives the pull request a preview that serves the new page, animated GIFs and all', async () => {
    previewUrl = await previewServesFeature(world, pr.number);
    const page = await (await fetch(previewUrl)).text();
    expect(page).toContain(animatedMarker);
    const gif = /<img id="cat" src="(\/static\/cats\/[\w-]+\.gif)"/.exec(page)?.[1];
    expect(gif).toBeDefined();
    const image = await fetch(new URL(gif ?? '', previewUrl));
    expect(image.headers.get('content-type')).toBe('image/gif');
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(0, 6)
        .toString('latin1'),
    ).toBe('GIF89a');
    expect(
      (await kubectl(['get', 'namespace', `pr-${pr.number}-cat-app`, '-o', 'name'])).trim(),
    ).toBe(`namespace/pr-${pr.number}-cat-app`);
  });

  it('merges: main releases the merge commit, pushed by digest, into a config commit naming it', async () => {
    merge = await mergeFeaturePr(world, pr);
    const watch = awaitCanaryAt20(world);
    watch.catch(() => undefined);
    release = await awaitRelease(world, merge.mergeSha, () => undefined);
    expect(await registryDigest(`${registryAddress}/cat-app:${merge.mergeSha}`)).toBe(
      release.digest,
    );
    expect(release.digest).not.toBe(jobOutput(prOpen, 'container', 'digest'));
    const check = join(dir, 'config-check');
    await runCommand('git', ['clone', '-q', cloneUrl(world.git, demoRepos.config), check]);
    const head = await runCommand('git', ['-C', check, 'log', '-1', '--format=%H%n%B']);
    expect(head).toContain(release.configCommit);
    expect(head).toContain(merge.mergeSha);
    expect(head).toContain(release.run.id);
    // No stored credential: the config commit was pushed with the main run's own token.
    expect(gitHostLog).toContain(
      `push to ${demoRepos.config} by pipeline:${demoRepos.app}:main (run ${release.run.id}) with its token`,
    );
    canary = await watch;
  });

  it('syncs and pauses the canary at 20%: its pods run the pushed digest, ~20% of requests reach it', async () => {
    expect(canary.rollout.summary).toMatchObject({ phase: 'Paused', step: 1, canaryWeight: 20 });
    expect(canary.digests).toEqual([release.digest]);
    await awaitServiceEndpoints(5);
    const versions = await versionsThroughService(300);
    const canaryShare = (versions.get(merge.mergeSha) ?? 0) / 300;
    expect([...versions.keys()].sort()).toEqual([merge.mergeSha, seeded.appSha].sort());
    // 1 of 5 pods: 20%; 300 draws put 99.9% of outcomes between 10% and 32%.
    expect(canaryShare).toBeGreaterThan(0.1);
    expect(canaryShare).toBeLessThan(0.32);
  });

  it('closed: pr-closed removes the preview, its namespace and its image tag', async () => {
    await awaitPreviewClosed(world, pr);
    expect(
      await kubectl([
        'get',
        'namespace',
        `pr-${pr.number}-cat-app`,
        '--ignore-not-found',
        '-o',
        'name',
      ]),
    ).toBe('');
    expect(
      await registryDigest(`${registryAddress}/cat-app:canary-pr-${pr.number}`),
    ).toBeUndefined();
    await expect(fetch(previewUrl, { signal: AbortSignal.timeout(3000) })).rejects.toThrow();
    expect(await registryDigest(`${registryAddress}/cat-app:${merge.mergeSha}`)).toBe(
      release.digest,
    );
  });

  it('promoted, every request is answered by the new version', async () => {
    await promoteToFull(world);
    await awaitServiceEndpoints(5);
    const versions = await versionsThroughService(50);
    expect([...versions.keys()]).toEqual([merge.mergeSha]);
  });

  it('sent a Slack-format notification for every pipeline run', () => {
    const texts = slack.messages.map(slackText);
    expect(
      slack.messages.every(
        (m) => Array.isArray(m.body['blocks']) || typeof m.body['text'] === 'string',
      ),
    ).toBe(true);
    expect(texts.filter((t) => t.includes(`main at ${seeded.appSha}`))).toHaveLength(1);
    expect(texts.filter((t) => t.includes(`main at ${merge.mergeSha}`))).toHaveLength(1);
    expect(
      texts.filter((t) =>
        t.includes(
          `PR #${pr.number} (${'feature/FR-1206-implement-dynamic-images'}): code success, container success`,
        ),
      ),
    ).toHaveLength(1);
    expect(texts.filter((t) => t.includes(`PR #${pr.number} closed (merged: true)`))).toHaveLength(
      1,
    );
    expect(slackFor(firstRun).length).toBeGreaterThan(0);
  });

  it('a pull request whose tests fail gets no preview and no image', async () => {
    const sha = await pushBranch(
      seeded.app,
      'break-the-tests',
      { 'tests/test_broken.py': 'def test_cats_are_dogs():\n    assert "cat" == "dog"\n' },
      'a test that fails',
    );
    const broken = await openPullRequest(
      world.git,
      demoRepos.app,
      'break-the-tests',
      'Break the tests',
    );
    const run = await awaitRun(world.api, 'pr-open', sha, 10 * 60_000);
    expect(run.status).toBe('failed');
    expect(stepStatuses(run)).toMatchObject({
      'code/unit tests (pytest with coverage)': 'failure',
      container: 'skipped',
    });
    expect(run.summary.failures.join('\n')).toContain('unit tests (pytest with coverage)');
    await new Promise((r) => setTimeout(r, 3000));
    const previews = (await world.api.request<{ items: { pr: number }[] }>('GET', '/api/previews'))
      .body.items;
    expect(previews.map((p) => p.pr)).not.toContain(broken.number);
    expect(
      await registryDigest(`${registryAddress}/cat-app:canary-pr-${broken.number}`),
    ).toBeUndefined();
    expect(
      slack.messages
        .map(slackText)
        .some((t) =>
          t.includes(`PR #${broken.number} (break-the-tests): code failure, container skipped`),
        ),
    ).toBe(true);
    await closePullRequest(world.git, demoRepos.app, broken.number);
  });
});
