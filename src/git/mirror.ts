import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { git } from './git-command.js';
import {
  classifyRemoteFailure,
  explainRefusedLogin,
  GitError,
  gitFailureKinds,
  gitReason,
} from './git-error.js';
import { exactFetchDestination, parseRefTable, remoteHeadRef } from './revision.js';
import type { RefTable } from './revision.js';

/** A repository as one call sees it: where to fetch from, how to name it, and its mirror. */
export type Remote = {
  /** The URL given to git: no credentials in it. */
  readonly fetchURL: string;
  /** The URL shown in messages. */
  readonly displayURL: string;
  /** The bare mirror clone's folder. */
  readonly gitDir: string;
  /** Runs a command with the environment that authenticates git to the remote (see withGitAuth). */
  readonly withAuth: <T>(run: (env: NodeJS.ProcessEnv) => Promise<T>) => Promise<T>;
  /** Passwords and tokens to scrub from git's output before showing it. */
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
};

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Moves a finished temp folder into place; if another process got there first, uses theirs. */
export async function publishFolder(temp: string, final: string): Promise<void> {
  try {
    await rename(temp, final);
  } catch (err) {
    if (!(await exists(final))) throw err;
    await rm(temp, { recursive: true, force: true });
  }
}

/** A unique sibling of `final` to build into, hidden (leading dot) from anyone listing. */
export function tempSibling(final: string): string {
  return join(dirname(final), `.tmp-${randomBytes(6).toString('hex')}`);
}

/** Creates the bare repository that holds the mirror, unless it exists. */
export async function ensureMirror(gitDir: string, displayURL: string): Promise<void> {
  if (await exists(join(gitDir, 'HEAD'))) return;
  await mkdir(dirname(gitDir), { recursive: true });
  const temp = tempSibling(gitDir);
  try {
    await runLocal(temp, ['init', '--bare', '--quiet'], displayURL);
    // The folder is named by a hash; this says which repository it mirrors (never a password).
    await runLocal(temp, ['config', 'slipway.repoURL', displayURL], displayURL);
    await publishFolder(temp, gitDir);
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** Runs a git command that needs no network; a failure there is the cache's state, not the remote's. */
async function runLocal(
  gitDir: string,
  args: readonly string[],
  displayURL: string,
): Promise<string> {
  const result = await git(gitDir, args);
  if (result.code !== 0) {
    throw new GitError({
      kind: gitFailureKinds.commandFailed,
      repoURL: displayURL,
      reason: `git ${args[0] ?? ''} in ${gitDir}: ${gitReason(result.stderr)}`,
    });
  }
  return result.stdout;
}

/** Runs `git fetch` against the remote, turning its failure into a GitError that says why. */
async function fetchFrom(remote: Remote, refspecs: readonly string[]): Promise<void> {
  const args = ['fetch', '--quiet', '--prune', '--no-tags', '--no-write-fetch-head'];
  // `--` so that a URL beginning with a dash (`--upload-pack=...`) cannot be read as an option.
  const result = await remote.withAuth((env) =>
    git(remote.gitDir, [...args, '--', remote.fetchURL, ...refspecs], {
      env,
      timeoutMs: remote.timeoutMs,
    }),
  );
  if (result.code === 0) return;
  if (result.code === null) {
    throw new GitError({
      kind: gitFailureKinds.unreachable,
      repoURL: remote.displayURL,
      reason: `no answer within ${Math.round(remote.timeoutMs / 1000)} s`,
    });
  }
  const kind = classifyRemoteFailure(result.stderr);
  const reason = gitReason(result.stderr, remote.secrets);
  throw new GitError({
    kind,
    repoURL: remote.displayURL,
    reason:
      kind === gitFailureKinds.authFailed
        ? explainRefusedLogin(reason, remote.secrets.length > 0)
        : reason,
  });
}

const branchesAndTags = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];

/**
 * The shared fetch: every branch and tag (pruning deleted ones) and the remote's HEAD, in one
 * round trip. Returns the refs it left in the mirror.
 */
export async function fetchBranchesAndTags(remote: Remote): Promise<RefTable> {
  try {
    await fetchFrom(remote, [`+HEAD:${remoteHeadRef}`, ...branchesAndTags]);
  } catch (err) {
    // A HEAD naming a missing branch fails the whole fetch; branches and tags still deploy.
    if (!(err instanceof GitError) || err.kind !== gitFailureKinds.revisionNotFound) throw err;
    await fetchFrom(remote, branchesAndTags);
    await runLocal(remote.gitDir, ['update-ref', '-d', remoteHeadRef], remote.displayURL);
  }
  return readRefTable(remote.gitDir, remote.displayURL);
}

/** Fetches one commit or ref the shared fetch does not bring (e.g. `refs/pull/7/head`). */
export async function fetchExact(remote: Remote, what: string): Promise<void> {
  await fetchFrom(remote, [`+${what}:${exactFetchDestination(what)}`]);
}

async function readRefTable(gitDir: string, displayURL: string): Promise<RefTable> {
  const format = '%(refname) %(objectname) %(*objectname) %(*objecttype) %(objecttype)';
  return parseRefTable(await runLocal(gitDir, ['for-each-ref', `--format=${format}`], displayURL));
}

/** Whether the mirror holds this commit (no network). */
export async function hasCommit(gitDir: string, sha: string): Promise<boolean> {
  const result = await git(gitDir, ['cat-file', '-e', `${sha}^{commit}`]);
  return result.code === 0;
}

/** What an abbreviated sha names in the mirror: one commit, none, or several. */
export type AbbreviatedLookup =
  | { readonly kind: 'found'; readonly sha: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'ambiguous' };

export async function lookupAbbreviated(
  gitDir: string,
  prefix: string,
): Promise<AbbreviatedLookup> {
  const result = await git(gitDir, [
    'rev-parse',
    '--verify',
    '--quiet',
    '--end-of-options',
    `${prefix}^{commit}`,
  ]);
  if (result.code === 0) return { kind: 'found', sha: result.stdout.trim() };
  return /ambiguous/i.test(result.stderr) ? { kind: 'ambiguous' } : { kind: 'none' };
}

/** Resolves a local ref (one fetched on demand) to its commit. */
export async function readLocalRef(gitDir: string, ref: string): Promise<string | undefined> {
  const result = await git(gitDir, [
    'rev-parse',
    '--verify',
    '--quiet',
    '--end-of-options',
    `${ref}^{commit}`,
  ]);
  return result.code === 0 ? result.stdout.trim() : undefined;
}

/** Paths that differ between two commits, old and new names both (no rename pairing). */
export async function changedPaths(
  gitDir: string,
  displayURL: string,
  fromSha: string,
  toSha: string,
): Promise<string[]> {
  const out = await runLocal(
    gitDir,
    ['diff', '--name-only', '--no-renames', '-z', '--end-of-options', fromSha, toSha, '--'],
    displayURL,
  );
  return out.split('\0').filter((p) => p !== '');
}
