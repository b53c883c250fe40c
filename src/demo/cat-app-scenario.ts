import { join } from 'node:path';
import type { ServerClient } from '../cli/server-client.js';
import { StateError } from '../errors/index.js';
import type { RunRecord } from '../store/index.js';
import {
  applicationFor,
  demoRepos,
  exampleDirs,
  featureBranch,
  featureTitle,
  mergePullRequest,
  openPullRequest,
  pushBranch,
  seedRepository,
  type DemoGit,
  type WorkingCopy,
} from './demo-git.js';
import type { SlackMessage } from './slack-inbox.js';
import {
  awaitPreview,
  awaitPreviewGone,
  awaitRollout,
  awaitRun,
  podDigests,
  type RolloutDetail,
} from './slipway-watch.js';

// The seed's story on one machine, one stage per function: the cat app and its config repo on a
// Git host, a first release, the "dynamic images" pull request with its gates and preview, the
// merge, and the canary at 20%. The demo prints it with spinners; the e2e test asserts on it.

export type DemoWorld = {
  readonly api: ServerClient;
  readonly git: DemoGit;
  /** Where the working copies go. */
  readonly workDir: string;
  /** `kubectl apply` of one manifest. */
  readonly apply: (manifest: string) => Promise<void>;
  readonly slack: () => Promise<SlackMessage[]>;
};

export const catApp = {
  namespace: 'cat-app',
  rollout: 'cat-app',
  application: { namespace: 'default', name: 'cat-app' },
} as const;

/** A marker of the feature's page (examples/cat-app-dynamic-images). */
export const animatedMarker = 'data-cats="animated"';

const minutes = (n: number): number => n * 60_000;

export type Seeded = {
  readonly app: WorkingCopy;
  readonly config: WorkingCopy;
  readonly appSha: string;
};

/** Both repositories on the host: config first, since the app's first push releases into it. */
export async function seedRepositories(world: DemoWorld): Promise<Seeded> {
  const config = await seedRepository(
    world.git,
    demoRepos.config,
    exampleDirs.config,
    join(world.workDir, demoRepos.config),
  );
  const app = await seedRepository(
    world.git,
    demoRepos.app,
    exampleDirs.app,
    join(world.workDir, demoRepos.app),
  );
  return { app, config, appSha: await app.head() };
}

/** A finished run that must have succeeded; a failed one names its failing gates and its log. */
export function succeeded(run: RunRecord): RunRecord {
  if (run.status === 'succeeded') return run;
  throw new StateError(
    `the ${run.pipeline} run ${run.id} ${run.status}: ${run.summary.failures.join('; ') || 'no failing gate recorded'}`,
    {
      hint: `read its log: npx slipway pipeline logs ${run.id}`,
    },
  );
}

/** A job output of a finished run, e.g. the release job's pushed digest. */
export function jobOutput(run: RunRecord, job: string, output: string): string {
  const value = run.summary.jobs.find((j) => j.id === job)?.outputs[output];
  if (value === undefined || value === '')
    throw new StateError(`the ${run.pipeline} run ${run.id} has no ${job}.outputs.${output}`);
  return value;
}

const healthy = (r: RolloutDetail): boolean =>
  r.summary.phase === 'Healthy' &&
  r.summary.readyReplicas === r.summary.replicas &&
  r.status?.stableRS === r.status?.currentPodHash;

/** The first release: main's run for the first commit, then the Application, then all pods up. */
export async function firstRelease(
  world: DemoWorld,
  appSha: string,
  note: (text: string) => void,
): Promise<RunRecord> {
  const run = succeeded(
    await awaitRun(world.api, 'main', appSha, minutes(10), (s) => note(`main pipeline ${s}`)),
  );
  note('applying the Application');
  await world.apply(await applicationFor(world.git, exampleDirs.config));
  note('waiting for the Rollout');
  const rollout = await awaitRollout(
    world.api,
    catApp.namespace,
    catApp.rollout,
    'Healthy',
    healthy,
    minutes(5),
  );
  note(`Healthy, ${rollout.summary.readyReplicas}/${rollout.summary.replicas} pods`);
  return run;
}

export type FeaturePr = { readonly number: number; readonly sha: string };

export async function openFeaturePr(world: DemoWorld, app: WorkingCopy): Promise<FeaturePr> {
  const sha = await pushBranch(app, featureBranch, exampleDirs.feature, featureTitle);
  const pr = await openPullRequest(world.git, demoRepos.app, featureBranch, featureTitle);
  return { number: pr.number, sha };
}

/** The preview's URL once it serves the feature's page. */
export async function previewServesFeature(world: DemoWorld, pr: number): Promise<string> {
  const preview = await awaitPreview(world.api, catApp.rollout, pr, minutes(5));
  if (preview.url === null) throw new StateError(`the preview of PR #${pr} is Ready without a URL`);
  const page = await (await fetch(preview.url)).text();
  if (!page.includes(animatedMarker)) {
    throw new StateError(
      `the preview at ${preview.url} answers, but not with the feature's page (no ${animatedMarker})`,
      { hint: `kubectl -n ${preview.namespace} get pods` },
    );
  }
  return preview.url;
}

export type Release = {
  readonly run: RunRecord;
  readonly digest: string;
  readonly configCommit: string;
};

export type Merge = { readonly mergeSha: string; readonly mergedAt: number };

export async function mergeFeaturePr(world: DemoWorld, pr: FeaturePr): Promise<Merge> {
  const mergedAt = Date.now();
  const merged = await mergePullRequest(world.git, demoRepos.app, pr.number);
  if (merged.mergeCommitSha === null)
    throw new StateError(`PR #${pr.number} merged without a merge commit`);
  return { mergeSha: merged.mergeCommitSha, mergedAt };
}

/** main's run of the merge commit: tests, build, push and the GitOps commit. */
export async function awaitRelease(
  world: DemoWorld,
  mergeSha: string,
  note: (text: string) => void,
): Promise<Release> {
  const run = succeeded(
    await awaitRun(world.api, 'main', mergeSha, minutes(10), (s) => note(`main pipeline ${s}`)),
  );
  return {
    run,
    digest: jobOutput(run, 'release', 'digest'),
    configCommit: jobOutput(run, 'release', 'commit'),
  };
}

/** pr-closed's run of the pull request, then its preview gone from Slipway's list. */
export async function awaitPreviewClosed(world: DemoWorld, pr: FeaturePr): Promise<RunRecord> {
  const closed = succeeded(await awaitRun(world.api, 'pr-closed', pr.sha, minutes(5)));
  await awaitPreviewGone(world.api, catApp.rollout, pr.number, minutes(3));
  return closed;
}

/**
 * The Rollout paused at its 20% step with the canary's pods ready, and when that was first seen;
 * start it right after the merge to time the release. The digest the canary runs is returned.
 */
export async function awaitCanaryAt20(world: DemoWorld): Promise<{
  readonly rollout: RolloutDetail;
  readonly at: number;
  readonly digests: readonly string[];
}> {
  const rollout = await awaitRollout(
    world.api,
    catApp.namespace,
    catApp.rollout,
    'paused at 20% with the canary ready',
    (r) =>
      r.summary.phase === 'Paused' &&
      r.summary.step === 1 &&
      r.summary.canaryWeight === 20 &&
      podDigests(r, r.status?.currentPodHash ?? '').length > 0,
    minutes(12),
  );
  return {
    rollout,
    at: Date.now(),
    digests: [...new Set(podDigests(rollout, rollout.status?.currentPodHash ?? ''))],
  };
}

export async function promoteToFull(world: DemoWorld): Promise<RolloutDetail> {
  await world.api.request('POST', `/api/rollouts/${catApp.namespace}/${catApp.rollout}/promote`, {
    body: {},
  });
  return awaitRollout(
    world.api,
    catApp.namespace,
    catApp.rollout,
    'Healthy at 100%',
    healthy,
    minutes(5),
  );
}
