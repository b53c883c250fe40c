import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { InputError } from '../../errors/index.js';
import { tryCommand, type RunResult } from '../../exec/index.js';
import { gitEnv } from '../../git/git-command.js';
import { redactURL } from '../../git/index.js';
import type { StepAction, StepContext, StepResult } from '../run/step-action.js';
import { jittered, sleep } from './backoff.js';
import {
  setHelmValue,
  setKustomizeImage,
  setManifestImages,
  type EditResult,
} from './gitops-edit.js';
import { gitRunToken, type GitRunToken } from './git-run-token.js';
import { isDigest, parseImageRef } from './image-ref.js';
import { failure, optionalInput, requiredInput } from './step-io.js';

export type GitopsBumpOptions = {
  /** Waits between push attempts; the number of attempts is one more than its length. */
  readonly retryDelaysMs?: readonly number[];
};

type BumpPlan = {
  readonly repo: string;
  readonly branch: string;
  readonly path: string;
  readonly mode: 'kustomize' | 'helm' | 'manifest';
  readonly key: string | undefined;
  readonly repository: string;
  readonly digest: string;
};

const slipwayIdentity = {
  GIT_AUTHOR_NAME: 'Slipway',
  GIT_AUTHOR_EMAIL: 'slipway@localhost',
  GIT_COMMITTER_NAME: 'Slipway',
  GIT_COMMITTER_EMAIL: 'slipway@localhost',
};

/** How git authenticates to the config repository: the URL's own credentials, or a run token. */
type Auth = GitRunToken | undefined;

const git = (dir: string, args: readonly string[], auth: Auth): Promise<RunResult> =>
  tryCommand('git', ['-C', dir, '-c', 'commit.gpgsign=false', ...args], {
    env: gitEnv({ ...slipwayIdentity, ...auth?.env }),
    timeoutMs: 120_000,
  });

/** git's last lines, for a message; a run token never reaches it (git does not print it anyway). */
const tail = (result: RunResult, auth: Auth): string => {
  const text = (result.stderr + result.stdout).trim().split('\n').slice(-5).join('\n');
  return auth === undefined ? text : auth.scrub(text);
};

/** Why a push with the run's token may have been refused, for the failure message. */
const tokenNote = (auth: Auth): string =>
  auth === undefined
    ? ''
    : ` (pushed as ${auth.subject} with the run's token for audience ${auth.audience}: the Git host must accept Slipway's run tokens and let this pipeline push)`;

/** Another writer got there first: fetch, re-apply on top, push again. */
export const pushWasStale = (stderr: string): boolean =>
  /\[rejected\]|non-fast-forward|fetch first|cannot lock ref|failed to update ref|incorrect old value/i.test(
    stderr,
  );

export function bumpCommitMessage(
  plan: Pick<BumpPlan, 'repository' | 'digest'>,
  context: StepContext,
): string {
  const { event, pipeline, id } = context.run;
  return `Bump ${plan.repository} to ${plan.digest}\n\nSource: ${event.sha} (${pipeline} run ${id})\n`;
}

function readPlan(context: StepContext): BumpPlan {
  const repoInput = requiredInput(context, 'repo', 'gitops-bump');
  const isRemote = /^[a-z][a-z0-9+.-]*:\/\//i.test(repoInput) || /^[^/]+@[^/:]+:/.test(repoInput);
  const mode = requiredInput(context, 'mode', 'gitops-bump');
  if (mode !== 'kustomize' && mode !== 'helm' && mode !== 'manifest') {
    throw new InputError(
      `\`with.mode\` ${JSON.stringify(mode)} is not kustomize, helm or manifest`,
    );
  }
  const digest = requiredInput(context, 'digest', 'gitops-bump');
  if (!isDigest(digest)) {
    throw new InputError(`\`with.digest\` ${JSON.stringify(digest)} is not a sha256 digest`, {
      hint: 'pass the image-push step output, e.g. ${{ steps.push.outputs.digest }}',
    });
  }
  const key = optionalInput(context, 'key');
  if (mode === 'helm' && key === undefined) {
    throw new InputError('slipway/gitops-bump in helm mode needs `with.key` (e.g. image.digest)');
  }
  return {
    repo: isRemote ? repoInput : resolve(context.workspace, repoInput),
    branch: optionalInput(context, 'branch') ?? 'main',
    path: requiredInput(context, 'path', 'gitops-bump'),
    mode,
    key,
    repository: parseImageRef(requiredInput(context, 'image', 'gitops-bump')).repository,
    digest,
  };
}

async function yamlFilesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !relative(dir, file).split('/').includes('.git'))
    .sort();
}

/** The files the edit applies to, inside the clone. */
async function targetFiles(clone: string, plan: BumpPlan): Promise<string[]> {
  const full = resolve(clone, plan.path);
  const kind = await stat(full).catch(() => undefined);
  if (relative(clone, full).startsWith('..') || kind === undefined) {
    throw new InputError(
      `\`with.path\` ${plan.path} does not exist in ${redactURL(plan.repo)} (branch ${plan.branch})`,
      {
        hint: 'give the path of the file (or folder) inside the config repository',
      },
    );
  }
  if (!kind.isDirectory()) return [full];
  if (plan.mode === 'kustomize') return [join(full, 'kustomization.yaml')];
  if (plan.mode === 'manifest') return yamlFilesUnder(full);
  throw new InputError(`\`with.path\` ${plan.path} is a folder; helm mode needs the values file`);
}

function edit(plan: BumpPlan, text: string, file: string): EditResult {
  if (plan.mode === 'kustomize') return setKustomizeImage(text, plan.repository, plan.digest, file);
  if (plan.mode === 'helm') return setHelmValue(text, plan.key ?? '', plan.digest, file);
  return setManifestImages(text, plan.repository, plan.digest, file);
}

/** Applies the edit to the checkout; true when some file changed. */
async function applyBump(clone: string, plan: BumpPlan): Promise<boolean> {
  let changed = false;
  for (const file of await targetFiles(clone, plan)) {
    const shown = relative(clone, file);
    const text = await readFile(file, 'utf8').catch(() => {
      throw new InputError(`${shown} does not exist in ${redactURL(plan.repo)}`);
    });
    const result = edit(plan, text, shown);
    if (result.changed) {
      await writeFile(file, result.text);
      changed = true;
    }
  }
  return changed;
}

async function headSha(clone: string): Promise<string> {
  return (await git(clone, ['rev-parse', 'HEAD'], undefined)).stdout.trim();
}

async function commitAndPush(
  clone: string,
  plan: BumpPlan,
  message: string,
  auth: Auth,
): Promise<RunResult> {
  const commit = await git(clone, ['commit', '-q', '-a', '-m', message], undefined);
  if (commit.code !== 0) return commit;
  return git(clone, ['push', '-q', 'origin', `HEAD:refs/heads/${plan.branch}`], auth);
}

async function bumpIn(
  clone: string,
  plan: BumpPlan,
  context: StepContext,
  delays: readonly number[],
  auth: Auth,
): Promise<StepResult> {
  const where = `${redactURL(plan.repo)} (${plan.branch})`;
  for (let attempt = 0; ; attempt++) {
    if (!(await applyBump(clone, plan))) {
      context.log(`gitops-bump: ${plan.path} already points at ${plan.digest}`);
      return { outcome: 'success', outputs: { changed: 'false', commit: await headSha(clone) } };
    }
    const pushed = await commitAndPush(clone, plan, bumpCommitMessage(plan, context), auth);
    if (pushed.code === 0) {
      const commit = await headSha(clone);
      context.log(`gitops-bump: pushed ${commit} to ${where}`);
      return { outcome: 'success', outputs: { changed: 'true', commit } };
    }
    const delay = delays[attempt];
    if (!pushWasStale(pushed.stderr) || delay === undefined || context.signal.aborted) {
      return failure(
        `gitops-bump: push to ${where} failed after ${attempt + 1} attempt(s): ${tail(pushed, auth)}${tokenNote(auth)}`,
      );
    }
    context.log(
      `gitops-bump: ${where} moved on; re-applying on top of it (attempt ${attempt + 2})`,
    );
    await sleep(jittered(delay), context.signal);
    // Re-applying the edit onto the fetched branch is the rebase: a textual rebase would conflict
    // when another bump changed the neighbouring line (the next images: entry).
    const fetched = await git(clone, ['fetch', '-q', 'origin', plan.branch], auth);
    const reset =
      fetched.code === 0
        ? await git(clone, ['reset', '-q', '--hard', 'FETCH_HEAD'], undefined)
        : fetched;
    if (reset.code !== 0) {
      return failure(`gitops-bump: cannot fetch ${where}: ${tail(reset, auth)}`);
    }
  }
}

/**
 * Points the config repository at the new image digest and pushes the commit — with the URL's
 * credentials when it has some, else with the run's own token when it has one (git-run-token).
 */
export function gitopsBump(options: GitopsBumpOptions = {}): StepAction {
  const delays = options.retryDelaysMs ?? [200, 400, 800, 1600];
  return async (context): Promise<StepResult> => {
    const plan = readPlan(context);
    const scratch = await mkdtemp(join(tmpdir(), 'slipway-bump-'));
    try {
      const clone = join(scratch, 'repo');
      const auth = gitRunToken(context, plan.repo);
      const cloned = await tryCommand(
        'git',
        ['clone', '-q', '--single-branch', '--branch', plan.branch, plan.repo, clone],
        { env: gitEnv(auth?.env), timeoutMs: 300_000 },
      );
      if (cloned.code !== 0) {
        return failure(
          `gitops-bump: cannot clone ${redactURL(plan.repo)} branch ${plan.branch}: ${tail(cloned, auth)}`,
        );
      }
      return await bumpIn(clone, plan, context, delays, auth);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  };
}
