import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../errors/index.js';
import { runCommand } from '../exec/index.js';
import type { PullRequestState, RunTokenTrust } from '../githost/index.js';
import { pipelineSubject } from '../identity/index.js';

// The demo's Git side, as a developer would do it: working copies of the cat app and its config
// repository pushed to the Git host over HTTP, a feature branch, and the host's pull request API.

export type DemoGit = {
  readonly baseUrl: string;
  readonly user: string;
  readonly password: string;
};

export const demoRepos = { app: 'cat-app', config: 'cat-app-config' } as const;

/** The seed's branch: not DNS-safe (capitals, a slash), as real branch names are. */
export const featureBranch = 'feature/FR-1206-implement-dynamic-images';
export const featureTitle = 'FR-1206: show the cats as animated GIFs';

const examplesDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../examples');
export const exampleDirs = {
  app: join(examplesDir, 'cat-app'),
  config: join(examplesDir, 'cat-app-config'),
  /** The pull request's change as `git diff --binary` of the app (GIFs included). */
  feature: join(examplesDir, 'cat-app-dynamic-images', 'FR-1206.patch'),
} as const;

const identity = ['-c', 'user.name=Cat Developer', '-c', 'user.email=dev@cat-app.test'];

export const cloneUrl = (git: DemoGit, repo: string): string => `${git.baseUrl}/${repo}.git`;

/**
 * How the Git host trusts pipeline runs: tokens from Slipway at `slipwayUrl`, and only the cat
 * app's main pipeline (its gitops-bump) may push, only to the config repository. The developer
 * pushes with the host's user and password (pushUrl).
 */
export function demoRunTokens(slipwayUrl: string): RunTokenTrust {
  return {
    issuerUrl: slipwayUrl,
    pushers: { [demoRepos.config]: [pipelineSubject(demoRepos.app, 'main')] },
  };
}

/** The clone URL with the host's credentials, for the developer's pushes (never printed). */
export function pushUrl(git: DemoGit, repo: string): string {
  const url = new URL(cloneUrl(git, repo));
  url.username = encodeURIComponent(git.user);
  url.password = encodeURIComponent(git.password);
  return url.toString();
}

async function hostApi<T>(git: DemoGit, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${git.baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${git.user}:${git.password}`).toString('base64')}`,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const answer = (await response.json()) as T & { message?: string; hint?: string };
  if (!response.ok) {
    throw new InputError(
      `the Git host answered ${response.status} to ${method} ${path}: ${answer.message ?? ''}`,
      answer.hint === undefined ? {} : { hint: answer.hint },
    );
  }
  return answer;
}

/** A working copy: `dir` with a remote `origin` on the Git host. */
export class WorkingCopy {
  constructor(readonly dir: string) {}

  git(...args: string[]): Promise<string> {
    return runCommand('git', ['-C', this.dir, ...identity, ...args]);
  }

  async head(): Promise<string> {
    return (await this.git('rev-parse', 'HEAD')).trim();
  }

  /** Commits everything in the tree on the current branch and pushes it; the new sha. */
  async commitAndPush(message: string, branch: string): Promise<string> {
    await this.git('add', '-A');
    await this.git('commit', '-q', '-m', message);
    await this.git('push', '-q', 'origin', `HEAD:refs/heads/${branch}`);
    return this.head();
  }
}

/** A new repository on the host holding a copy of `source`, pushed on main. */
export async function seedRepository(
  git: DemoGit,
  name: string,
  source: string,
  dir: string,
  edit?: (dir: string) => Promise<void>,
): Promise<WorkingCopy> {
  await hostApi(git, 'POST', `/api/repos/${name}`, {});
  await rm(dir, { recursive: true, force: true });
  await cp(source, dir, {
    recursive: true,
    filter: (path) => !/(__pycache__|\.pytest_cache|\.ruff_cache|htmlcov|\.coverage)$/.test(path),
  });
  await runCommand('git', ['init', '-q', '-b', 'main', dir]);
  const copy = new WorkingCopy(dir);
  await copy.git('remote', 'add', 'origin', pushUrl(git, name));
  if (edit !== undefined) await edit(dir);
  await copy.commitAndPush(`${name}: first commit`, 'main');
  return copy;
}

/** Points the config's Application at the config repository as served by the host. */
export async function applicationFor(git: DemoGit, configDir: string): Promise<string> {
  const text = await readFile(join(configDir, 'application.yaml'), 'utf8');
  return text.replace(/repoURL: .*/, `repoURL: ${cloneUrl(git, demoRepos.config)}`);
}

/** Branches off main, applies `change` (a `git diff --binary` patch file, or files by path) and pushes. */
export async function pushBranch(
  copy: WorkingCopy,
  branch: string,
  change: string | Readonly<Record<string, string>>,
  message: string,
): Promise<string> {
  await copy.git('checkout', '-q', '-B', branch, 'main');
  try {
    if (typeof change === 'string') await copy.git('apply', '--index', change);
    else {
      for (const [path, text] of Object.entries(change)) {
        await mkdir(dirname(join(copy.dir, path)), { recursive: true });
        await writeFile(join(copy.dir, path), text);
      }
    }
    return await copy.commitAndPush(message, branch);
  } finally {
    await copy.git('checkout', '-q', 'main');
  }
}

export function openPullRequest(
  git: DemoGit,
  repo: string,
  head: string,
  title: string,
): Promise<PullRequestState> {
  return hostApi(git, 'POST', `/api/repos/${repo}/pulls`, { head, base: 'main', title });
}

export function mergePullRequest(
  git: DemoGit,
  repo: string,
  number: number,
): Promise<PullRequestState> {
  return hostApi(git, 'POST', `/api/repos/${repo}/pulls/${number}/merge`, {});
}

export function closePullRequest(
  git: DemoGit,
  repo: string,
  number: number,
): Promise<PullRequestState> {
  return hostApi(git, 'POST', `/api/repos/${repo}/pulls/${number}/close`, {});
}
