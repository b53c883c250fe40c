import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import { logIn } from '../cli/commands/login.js';
import { createServerClient } from '../cli/server-client.js';
import { installSlipway } from '../gitops/index.js';
import { KubeRest, ObjectClient } from '../kube/index.js';
import { StateError } from '../errors/index.js';
import { clusterDown, clusterEnv, clusterUp, registryAddress } from '../cluster/index.js';
import {
  awaitCanaryAt20,
  catApp,
  firstRelease,
  openFeaturePr,
  previewServesFeature,
  promoteToFull,
  awaitPreviewClosed,
  awaitRelease,
  mergeFeaturePr,
  seedRepositories,
  succeeded,
  type DemoWorld,
} from './cat-app-scenario.js';
import { applyManifest, clearDemoObjects } from './demo-cluster.js';
import { cloneUrl, demoRepos, type DemoGit } from './demo-git.js';
import { demoLayout, type DemoLayout } from './demo-layout.js';
import {
  checkDemoPorts,
  readDemoRecord,
  startServices,
  startSlipwayUp,
  stopBackground,
  writeDemoRecord,
  type DemoRecord,
} from './demo-processes.js';
import { mergeTimeline, timelineTable, type TimelineRow } from './merge-timeline.js';
import { readSlackFile, slackText } from './slack-inbox.js';
import { awaitRun } from './slipway-watch.js';
import {
  StageFailed,
  StageReporter,
  type StageOutput,
  type StageTiming,
} from './stage-reporter.js';

// `npm run demo`: the seed's story end to end on this machine — cluster, Slipway, a Git host,
// the cat app's pull request with its preview, the merge, and the canary paused at 20%.

export type DemoOptions = { readonly autoPromote: boolean; readonly output: StageOutput };

async function writeDemoConfig(layout: DemoLayout, git: DemoGit, slackUrl: string): Promise<void> {
  await writeFile(
    layout.secretsFile,
    // No credentials: the main pipeline's gitops-bump pushes with the run's own Slipway token.
    [`SLACK_WEBHOOK_URL=${slackUrl}`, `CONFIG_REPO=${cloneUrl(git, demoRepos.config)}`, ''].join(
      '\n',
    ),
    { mode: 0o600 },
  );
  const repos = {
    repos: [
      {
        url: cloneUrl(git, demoRepos.app),
        secretsFile: layout.secretsFile,
        preview: {
          app: 'cat-app',
          config: { repoURL: cloneUrl(git, demoRepos.config) },
          image: `${registryAddress}/cat-app`,
        },
      },
    ],
  };
  await writeFile(layout.pipelineRepos, stringify(repos));
}

/** Stops an earlier demo's processes and objects, so each demo starts from nothing. */
async function clearEarlierDemo(layout: DemoLayout): Promise<boolean> {
  const earlier = await readDemoRecord(layout);
  await clearDemoObjects();
  await stopBackground(layout);
  return earlier !== undefined;
}

async function startBackground(
  layout: DemoLayout,
  say: (t: string) => void,
): Promise<{ record: DemoRecord; git: DemoGit }> {
  await checkDemoPorts();
  for (const dir of [layout.gitRoot, layout.workDir, layout.stateDir, layout.logsDir])
    await mkdir(dir, { recursive: true });
  const options = {
    env: { ...process.env, ...clusterEnv() },
    webhookSecret: randomBytes(24).toString('hex'),
    gitUser: 'cat-dev',
    gitPassword: randomBytes(18).toString('base64url'),
  };
  // Slipway's resources (Application, Rollout, … CRDs and RBAC), as `slipway install` applies them.
  Object.assign(process.env, clusterEnv());
  await installSlipway(new ObjectClient(KubeRest.fromConnection()));
  const services = await startServices(layout, options);
  const git = { baseUrl: services.gitUrl, user: options.gitUser, password: options.gitPassword };
  await writeDemoConfig(layout, git, services.slackUrl);
  say('starting slipway up');
  const up = await startSlipwayUp(layout, options);
  const session = await logIn(
    createServerClient({ server: up.url }),
    'admin',
    up.adminPassword,
    'slipway demo',
  );
  const record: DemoRecord = {
    slipwayUrl: up.url,
    gitUrl: services.gitUrl,
    slackUrl: services.slackUrl,
    token: session.token,
    adminPassword: up.adminPassword,
    startedAt: new Date().toISOString(),
  };
  await writeDemoRecord(layout, record);
  say(`Slipway at ${up.url}, Git host at ${services.gitUrl}`);
  return { record, git };
}

export type DemoResult = {
  readonly stages: readonly StageTiming[];
  readonly mergeToCanary:
    { readonly rows: readonly TimelineRow[]; readonly totalMs: number } | undefined;
  readonly releasedDigest: string;
};

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  try {
    return await demoStages(options);
  } catch (error) {
    if (!(error instanceof StageFailed)) throw error;
    const logs = demoLayout().logsDir;
    throw new StageFailed(error.message, {
      hint: `the logs of slipway up and the Git host: ${logs}/slipway.log, ${logs}/services.log; stop everything with npm run demo -- --down`,
      cause: error,
    });
  }
}

async function demoStages(options: DemoOptions): Promise<DemoResult> {
  const out = (line = ''): void => options.output.write(`${line}\n`);
  const stages = new StageReporter(options.output);
  const layout = demoLayout();
  out('Slipway demo: the cat app from commit to canary (logs in ' + layout.logsDir + ')');
  await stages.run('cluster and registry', async (note) => {
    const up = await clusterUp({}, (m) => note(m));
    note(up.kind === 'started' ? 'started' : 'already running');
  });
  await stages.run('clear an earlier demo', async (note) =>
    note((await clearEarlierDemo(layout)) ? 'cleared' : 'none'),
  );
  const { record, git } = await stages.run('Slipway, the Git host and the Slack inbox', (note) =>
    startBackground(layout, note),
  );
  const world: DemoWorld = {
    api: createServerClient({ server: record.slipwayUrl, token: record.token }),
    git,
    workDir: layout.workDir,
    apply: applyManifest,
    slack: () => readSlackFile(layout.slackFile),
  };
  const seeded = await stages.run('cat-app and cat-app-config repositories on the Git host', () =>
    seedRepositories(world),
  );
  await stages.run('first release: main pipeline, GitOps sync, Rollout Healthy', (note) =>
    firstRelease(world, seeded.appSha, note),
  );
  const pr = await stages.run('pull request: "show the cats as animated GIFs"', async (note) => {
    const opened = await openFeaturePr(world, seeded.app);
    note(`#${opened.number} at ${opened.sha.slice(0, 12)}`);
    return opened;
  });
  await stages.run(
    'pr-open: lint, tests + 80% coverage, SAST, scans, build, push',
    async (note) => {
      succeeded(await awaitRun(world.api, 'pr-open', pr.sha, 15 * 60_000, (s) => note(s)));
    },
  );
  const previewUrl = await stages.run('preview environment serves the new page', async (note) => {
    const url = await previewServesFeature(world, pr.number);
    note(url);
    return url;
  });
  const merge = await stages.run(`merge PR #${pr.number}`, () => mergeFeaturePr(world, pr));
  // Watched from the merge on, so the time it is first seen is the time it happened (±1 s).
  const canaryWatch = awaitCanaryAt20(world);
  canaryWatch.catch(() => undefined);
  const release = await stages.run(
    'main: tests, coverage gate, SAST, build, push, GitOps commit',
    (note) => awaitRelease(world, merge.mergeSha, note),
  );
  const canary = await stages.run('GitOps sync, canary at 20%, paused', async (note) => {
    const seen = await canaryWatch;
    if (!seen.digests.includes(release.digest)) {
      throw new StateError(
        `the canary runs ${seen.digests.join(', ')}, not the released ${release.digest}`,
      );
    }
    note(`${seen.rollout.summary.readyReplicas}/${seen.rollout.summary.replicas} pods ready`);
    return seen;
  });
  await stages.run('pr-closed: the preview and its image removed', () =>
    awaitPreviewClosed(world, pr),
  );
  const history = await world.api.request<{
    items: { revision: string; deployedAt: string; deployStartedAt?: string }[];
  }>('GET', `/api/applications/${catApp.application.namespace}/${catApp.application.name}/history`);
  const sync = history.body.items.find((h) => h.revision === release.configCommit);
  if (options.autoPromote) await stages.run('promote to 100%', () => promoteToFull(world));
  const messages = await world.slack();
  out('');
  out(`Preview was at ${previewUrl} (gone now that PR #${pr.number} is merged).`);
  out(
    `Released ${registryAddress}/cat-app@${release.digest} in config commit ${release.configCommit.slice(0, 12)}.`,
  );
  out(
    `Slack inbox: ${messages.length} messages, e.g. "${messages.map(slackText).at(-1)?.split('\n')[0] ?? ''}" (all in ${layout.slackFile}).`,
  );
  const timeline =
    sync === undefined
      ? undefined
      : mergeTimeline({ mergedAt: merge.mergedAt, run: release.run, sync, canaryAt: canary.at });
  if (timeline !== undefined) {
    out('');
    out('From the merge to the canary serving 20%:');
    out(timelineTable(timeline));
  }
  out('');
  out(`UI:      ${record.slipwayUrl}  (sign in as admin / ${record.adminPassword})`);
  if (!options.autoPromote) {
    out(
      'Promote: eval "$(npx slipway cluster env)"; npx slipway rollout promote cat-app -n cat-app',
    );
  }
  out('Down:    npm run demo -- --down');
  return { stages: stages.timings, mergeToCanary: timeline, releasedDigest: release.digest };
}

export async function demoDown(output: StageOutput, keepCluster = false): Promise<void> {
  const stages = new StageReporter(output);
  const layout = demoLayout();
  await stages.run('demo objects in the cluster', () => clearDemoObjects());
  await stages.run('slipway up and the demo services', async (note) =>
    note((await stopBackground(layout)).join(', ') || 'none running'),
  );
  if (keepCluster) return;
  await stages.run('cluster and registry', async (note) => {
    const report = await clusterDown({ keepState: false });
    note(report.stopped.length > 0 ? `stopped ${report.stopped.length} processes` : 'none running');
  });
}
