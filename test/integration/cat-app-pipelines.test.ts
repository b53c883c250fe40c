import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clusterNetwork, registryAddress } from '../../src/cluster/index.js';
import { runCommand } from '../../src/exec/index.js';
import { loadPipelines, PipelineDefinitionError } from '../../src/pipeline/index.js';
import type { RunRecord } from '../../src/store/index.js';
import {
  AppRepo,
  bareRepo,
  examplesDir,
  forgetImage,
  PipelineRunner,
  pullRequest,
  pushToMain,
  registryDigest,
  slackReceiver,
  slackText,
  stepOf,
  stepStatuses,
} from './support/cat-app.js';
import { kubectl, useNamespace, waitFor } from './support/cluster.js';
import { createApp, useController } from './support/gitops.js';
import {
  getRollout,
  isHealthy,
  patchStatus,
  useRolloutController,
  type RolloutObject,
} from './support/rollouts.js';

// The seed's three pipelines (examples/cat-app/.slipway/pipelines) end to end: a pull request
// builds and pushes its canary image past every gate and tells Slack, closing it removes the
// image, and a push to main releases by a GitOps commit that Slipway syncs into a Rollout on the
// real node. Then each gate failing, named by its step. The cat app runs once per pipeline;
// the runner's own failure modes (bad YAML, timeout, cancel, racing bumps) use tiny pipelines.

const registry = registryAddress;
const pr = 1000 + Math.floor(Math.random() * 9000);
const canary = `${registry}/cat-app:canary-pr-${pr}`;

const failed = (run: RunRecord): string[] => run.summary.failures;
const realNode = clusterNetwork.nodeName;

describe('the cat app pipelines', () => {
  const ns = useNamespace('cat-app');
  useController(() => [ns.name]);
  useRolloutController(() => [ns.name]);

  let work = '';
  let app: AppRepo;
  let config: { dir: string; url: string };
  let slack: Awaited<ReturnType<typeof slackReceiver>>;
  let runner: PipelineRunner;
  const images: string[] = [];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'slipway-cat-pipelines-'));
    app = await AppRepo.create(join(examplesDir, 'cat-app'));
    config = await bareRepo(join(examplesDir, 'cat-app-config'));
    slack = await slackReceiver();
    const secrets = join(work, 'secrets.env');
    await writeFile(
      secrets,
      `# outside every repository the runs build\nSLACK_WEBHOOK_URL=${slack.url}\nCONFIG_REPO=${config.url}\n`,
    );
    runner = new PipelineRunner(join(work, 'cache'), secrets);
  });

  afterAll(async () => {
    runner.close();
    await slack.close();
    for (const image of images) await forgetImage(image);
    await app.remove();
    await rm(config.dir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  /** The Slack messages sent since `count` were there. */
  const slackSince = (count: number): string[] => slack.messages.slice(count).map(slackText);

  describe('the happy path', () => {
    let release = '';

    it('pr-open: lint, tests, coverage, bandit and scans pass; canary-pr-N is pushed; Slack hears', async () => {
      const sha = await app.branch('feature/FR-1206-dynamic-images', {
        'static/app.js': (await readFile(join(app.dir, 'static/app.js'), 'utf8')).replace(
          /$/,
          '\n// FR-1206: a new cat on each click.\n',
        ),
      });
      const before = slack.messages.length;
      const run = await runner.run(
        app,
        'pr-open.yaml',
        pullRequest(pr, sha, 'feature/FR-1206-dynamic-images'),
      );
      images.push(canary);

      expect(failed(run)).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(stepStatuses(run)).toMatchObject({
        code: 'succeeded',
        'code/lint (ruff)': 'success',
        'code/unit tests (pytest with coverage)': 'success',
        'code/coverage gate (80%)': 'success',
        'code/SAST (bandit)': 'success',
        'container/config scan (Containerfile and Rollout)': 'success',
        'container/slipway/image-build': 'success',
        'container/image scan': 'success',
        'container/SBOM (SPDX)': 'success',
        'container/slipway/image-push': 'success',
        'notify/slack': 'success',
      });
      expect(runner.log(run.id, 'container', 'config scan (Containerfile and Rollout)')).toEqual(
        expect.arrayContaining([
          'Containerfile: runs as 10001:10001',
          'rollout.yaml: runAsNonRoot: true',
        ]),
      );
      // Where PyPI's advisory service is out of reach pip-audit fails (--strict): the step shows
      // the failure and the run goes on; where it is reachable the step simply passes.
      const audit = stepOf(run, 'code', 'pip-audit (needs the PyPI advisory service)');
      expect(audit.continueOnError).toBe(true);
      const auditLog = runner.log(run.id, 'code', audit.name).join('\n');
      if (audit.status === 'failure') {
        expect(auditLog).toMatch(/could not be audited|pypi\.org/);
      } else expect(audit.status).toBe('success');

      const pushed = stepOf(run, 'container', 'slipway/image-push').outputs['digest'] ?? '';
      expect(pushed).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(await registryDigest(canary)).toBe(pushed);
      const artifacts = run.summary.jobs.flatMap((j) =>
        j.steps.flatMap((s) => (s.artifacts ?? []).map((a) => a.name)),
      );
      expect(artifacts).toEqual(expect.arrayContaining(['coverage-xml', 'htmlcov']));

      const sent = slack.messages.slice(before);
      expect(sent).toHaveLength(1);
      expect(sent[0]?.body['text']).toMatch(/^:white_check_mark: Pipeline pr-open succeeded /);
      expect(Array.isArray(sent[0]?.body['blocks'])).toBe(true);
      expect(slackSince(before).join()).toContain(`PR #${pr} (feature/FR-1206-dynamic-images)`);
    });

    it('pr-closed: deletes canary-pr-N from the registry and says so', async () => {
      const before = slack.messages.length;
      const event = pullRequest(pr, await app.head(), 'feature/FR-1206-dynamic-images', 'closed');
      const run = await runner.run(app, 'pr-closed.yaml', event);
      expect(failed(run)).toEqual([]);
      expect(runner.log(run.id, 'clean-up', 'delete the canary image')).toContain(
        `deleted docker://${canary}`,
      );
      expect(await registryDigest(canary)).toBeUndefined();
      expect(slackSince(before).join()).toContain(`canary image canary-pr-${pr} removed`);

      // A second close (a re-run) finds the tag gone and still succeeds.
      const again = await runner.run(app, 'pr-closed.yaml', event);
      expect(again.status).toBe('succeeded');
      expect(runner.log(again.id, 'clean-up', 'delete the canary image')).toContain(
        `docker://${canary} was already gone`,
      );
    });

    it('main: tests, builds, pushes and commits the digest to the config repo', async () => {
      const sha = await app.commit('Merge FR-1206: dynamic images', {
        'static/app.js': (await readFile(join(app.dir, 'static/app.js'), 'utf8')).replace(
          /$/,
          '\n// FR-1206 merged.\n',
        ),
      });
      const run = await runner.run(app, 'main.yaml', pushToMain(sha));
      images.push(`${registry}/cat-app:${sha}`);
      expect(failed(run)).toEqual([]);
      expect(run.status).toBe('succeeded');
      expect(slack.messages.at(-1)?.body['text']).toMatch(
        /^:white_check_mark: Pipeline main succeeded /,
      );

      release = stepOf(run, 'release', 'slipway/image-push').outputs['digest'] ?? '';
      expect(release).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(await registryDigest(`${registry}/cat-app:${sha}`)).toBe(release);

      const message = await runCommand('git', ['-C', config.dir, 'log', '-1', '--format=%B']);
      expect(message).toContain(`Source: ${sha} (main run ${run.id})`);
      const kustomization = await runCommand('git', [
        '-C',
        config.dir,
        'show',
        'main:kustomization.yaml',
      ]);
      expect(kustomization).toContain(`digest: ${release}`);
      expect(kustomization).not.toContain('newTag: initial');
    });

    it('the GitOps controller syncs the commit and the Rollout runs the pushed digest', async () => {
      expect(release).not.toBe('');
      await createApp(ns.name, 'cat-app', {
        repoURL: config.url,
        path: '.',
        namespace: ns.name,
        automated: { prune: true, selfHeal: true },
      });
      // The first revision of a Rollout goes straight to full size; a later one pauses at 20%
      // for a person, whom this test plays.
      await waitFor('the cat-app Rollout to be Healthy', 240_000, async () => {
        const rollout: RolloutObject | undefined = await getRollout(ns.name, 'cat-app').catch(
          () => undefined,
        );
        if (rollout?.status?.phase === 'Paused') {
          await patchStatus(ns.name, 'cat-app', { promoteFull: true });
        }
        return rollout !== undefined && isHealthy(rollout) ? rollout : undefined;
      });
      const pods = JSON.parse(
        await kubectl([
          '-n',
          ns.name,
          'get',
          'pods',
          '-l',
          'app.kubernetes.io/name=cat-app',
          '-o',
          'json',
        ]),
      ) as {
        items: {
          spec: { nodeName?: string };
          status: { phase: string; containerStatuses?: { imageID: string }[] };
        }[];
      };
      // All five replicas run on the real node (kwok nodes are tainted and run nothing), each
      // from the image the pipeline pushed, by digest.
      expect(pods.items.map((p) => p.status.phase)).toEqual(Array(5).fill('Running'));
      for (const pod of pods.items) {
        expect(pod.spec.nodeName).toBe(realNode);
        expect(pod.status.containerStatuses?.[0]?.imageID).toContain(release);
      }
    });
  });

  describe('gates that fail, each named by its step', () => {
    const runPr = async (n: number, files: Record<string, string | null>): Promise<RunRecord> => {
      const branch = `pr-${n}`;
      const sha = await app.branch(branch, files);
      return runner.run(app, 'pr-open.yaml', pullRequest(n, sha, branch));
    };

    it('a failing unit test fails the tests step, skips the image and tells Slack', async () => {
      const before = slack.messages.length;
      const script = await readFile(join(app.dir, 'static/app.js'), 'utf8');
      const run = await runPr(pr + 1, {
        'static/app.js': script.replace('img.src = cat.url', 'img.src = cat.href'),
      });
      expect(run.status).toBe('failed');
      const tests = stepOf(run, 'code', 'unit tests (pytest with coverage)');
      expect(tests).toMatchObject({ status: 'failure', exitCode: 1 });
      expect(runner.log(run.id, 'code', tests.name).join('\n')).toMatch(
        /FAILED tests\/test_app\.py::test_page_script_fetches_the_api_and_swaps_the_image/,
      );
      expect(run.summary.jobs.find((j) => j.id === 'container')?.status).toBe('skipped');
      expect(slack.messages.slice(before).map((m) => m.body['text'])).toEqual([
        expect.stringMatching(/^:x: Pipeline pr-open failed /),
      ]);
    });

    it('coverage under 80% fails the coverage gate with the figure', async () => {
      const breeds = Array.from(
        { length: 40 },
        (_, i) =>
          `def breed_${i}(weight: float) -> str:\n    if weight > ${i}:\n        return "large ${i}"\n    return "small ${i}"\n`,
      );
      const run = await runPr(pr + 2, {
        'breeds.py': `"""Cat breeds by weight (no tests yet)."""\n\n\n${breeds.join('\n\n')}`,
      });
      expect(run.status).toBe('failed');
      expect(stepOf(run, 'code', 'unit tests (pytest with coverage)').status).toBe('success');
      const gate = stepOf(run, 'code', 'coverage gate (80%)');
      expect(gate.status).toBe('failure');
      expect(gate.message).toMatch(/coverage \d+(\.\d+)?% is below 80%/);
      // The report is kept for the failing gate.
      const kept = stepOf(run, 'code', 'keep the coverage report');
      expect(kept.status).toBe('success');
    });

    it('a bandit finding fails SAST', async () => {
      const run = await runPr(pr + 3, {
        'shell.py':
          '"""Runs a cat command."""\n\nimport subprocess\n\n\ndef run(command: str) -> int:\n    return subprocess.call(command, shell=True)  # noqa: S602\n',
      });
      expect(run.status).toBe('failed');
      const sast = stepOf(run, 'code', 'SAST (bandit)');
      expect(sast).toMatchObject({ status: 'failure', exitCode: 1 });
      expect(runner.log(run.id, 'code', sast.name).join('\n')).toContain(
        'B602:subprocess_popen_with_shell_equals_true',
      );
    });

    it('a broken Containerfile fails the image build with buildah’s message', async () => {
      const containerfile = await readFile(join(app.dir, 'Containerfile'), 'utf8');
      const run = await runPr(pr + 4, {
        // A COPY of a file that does not exist.
        Containerfile: containerfile.replace(/^COPY app\.py /m, 'COPY main.py app.py '),
      });
      expect(run.status).toBe('failed');
      const build = stepOf(run, 'container', 'slipway/image-build');
      expect(build.status).toBe('failure');
      expect(build.message).toMatch(/^image build failed: [\s\S]*main\.py/);
      expect(stepOf(run, 'container', 'slipway/image-push').status).toBe('skipped');
    });

    it('a registry that is down fails the push, naming the registry and why', async () => {
      const down = join(work, 'registry-down.env');
      await writeFile(
        down,
        `${await readFile(runner.secretsFile, 'utf8')}REGISTRY=127.0.0.1:5999\n`,
      );
      const other = new PipelineRunner(join(work, 'cache'), down);
      try {
        const head = await app.head();
        const run = await other.run(app, 'main.yaml', pushToMain(head));
        images.push(`127.0.0.1:5999/cat-app:${head}`);
        expect(run.status).toBe('failed');
        const push = stepOf(run, 'release', 'slipway/image-push');
        expect(push.status).toBe('failure');
        // The registry came from a secret here (the override), so the message masks it as logs do.
        expect(push.message).toBe('push to *** failed: connection refused');
        expect(stepOf(run, 'release', 'release (GitOps commit)').status).toBe('skipped');
      } finally {
        other.close();
      }
    });
  });

  describe('the runner’s own failures, on tiny pipelines', () => {
    let tiny: AppRepo;
    beforeAll(async () => {
      tiny = await AppRepo.create();
    });
    afterAll(async () => {
      await tiny.remove();
    });

    it('invalid pipeline YAML names the file and line, and nothing runs', async () => {
      await tiny.commit('a broken pipeline', {
        '.slipway/pipelines/ci.yaml': [
          'name: ci',
          'on: { push: { branches: [main] } }',
          'jobs:',
          '  test:',
          '    steps:',
          '      - name: tests',
          '        run: echo ok',
          '        timeout-minutes: soon',
          '',
        ].join('\n'),
      });
      const error = await loadPipelines(tiny.dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PipelineDefinitionError);
      expect((error as Error).message).toMatch(
        /\.slipway\/pipelines\/ci\.yaml:8:\d+ jobs\.test\.steps\[0\]\.timeout-minutes: must be a number of minutes/,
      );
    });

    it('a step past its timeout-minutes is stopped and marked timed out', async () => {
      const sha = await tiny.commit('a slow step', {
        '.slipway/pipelines/ci.yaml': [
          'name: ci',
          'on: { push: { branches: [main] } }',
          'jobs:',
          '  slow:',
          '    steps:',
          '      - name: sleeps past its limit',
          '        timeout-minutes: 0.02',
          '        run: sleep 60',
          '',
        ].join('\n'),
      });
      const started = Date.now();
      const run = await runner.run(tiny, 'ci.yaml', pushToMain(sha));
      expect(Date.now() - started).toBeLessThan(20_000);
      expect(run.status).toBe('failed');
      expect(stepOf(run, 'slow', 'sleeps past its limit')).toMatchObject({
        status: 'timed-out',
        message: "timed out: the step's timeout-minutes is 0.02",
      });
    });

    it('a cancelled run stops its step and ends cancelled', async () => {
      const sha = await tiny.commit('a long step', {
        '.slipway/pipelines/ci.yaml': [
          'name: ci',
          'on: { push: { branches: [main] } }',
          'jobs:',
          '  long:',
          '    steps:',
          '      - name: waits',
          '        run: sleep 120',
          '      - name: never runs',
          '        run: echo unreachable',
          '',
        ].join('\n'),
      });
      let id = '';
      const started = Date.now();
      const running = runner.run(tiny, 'ci.yaml', pushToMain(sha), {
        onCreated: (run) => {
          id = run.id;
        },
      });
      await waitFor('the step to start', 30_000, async () => {
        const stored = id === '' ? undefined : await runner.get(id);
        return stored === undefined
          ? undefined
          : stepOf(stored, 'long', 'waits').status === 'running' || undefined;
      });
      expect(await runner.requestCancel(id)).toBe(true);
      const run = await running;
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(run.status).toBe('cancelled');
      expect(stepOf(run, 'long', 'waits').status).toBe('cancelled');
      expect(stepOf(run, 'long', 'never runs').status).toBe('skipped');
    });

    it('two releases racing to bump one config repo both land', async () => {
      const race = await bareRepo(join(examplesDir, 'cat-app-config'));
      try {
        const pipeline = [
          'name: release',
          'on: { push: { branches: [main] } }',
          'jobs:',
          '  bump:',
          '    steps:',
          '      - id: which',
          '        run: cat release.env >> "$SLIPWAY_OUTPUT"',
          '      - uses: slipway/gitops-bump',
          '        with:',
          `          repo: ${race.url}`,
          '          path: .',
          '          mode: kustomize',
          '          image: ${{ steps.which.outputs.image }}',
          '          digest: ${{ steps.which.outputs.digest }}',
          '',
        ].join('\n');
        const digestA = `sha256:${'a'.repeat(64)}`;
        const digestB = `sha256:${'b'.repeat(64)}`;
        const shaA = await tiny.commit('release a', {
          '.slipway/pipelines/ci.yaml': pipeline,
          'release.env': `image=${registry}/race-a\ndigest=${digestA}\n`,
        });
        const shaB = await tiny.commit('release b', {
          'release.env': `image=${registry}/race-b\ndigest=${digestB}\n`,
        });
        const [a, b] = await Promise.all([
          runner.run(tiny, 'ci.yaml', pushToMain(shaA)),
          runner.run(tiny, 'ci.yaml', pushToMain(shaB)),
        ]);
        expect([a.status, b.status, ...failed(a), ...failed(b)]).toEqual([
          'succeeded',
          'succeeded',
        ]);
        const log = await runCommand('git', ['-C', race.dir, 'log', '--format=%B', 'main']);
        expect(log).toContain(`Source: ${shaA} (release run ${a.id})`);
        expect(log).toContain(`Source: ${shaB} (release run ${b.id})`);
        const kustomization = await runCommand('git', [
          '-C',
          race.dir,
          'show',
          'main:kustomization.yaml',
        ]);
        expect(kustomization).toContain(digestA);
        expect(kustomization).toContain(digestB);
      } finally {
        await rm(race.dir, { recursive: true, force: true });
      }
    });
  });
});
