import { join } from 'node:path';
import { InputError } from '../errors/index.js';
import { FetchGate } from './fetch-gate.js';
import { secretsOf, withGitAuth } from './git-auth.js';
import type { GitCredentials } from './git-auth.js';
import { GitError, gitFailureKinds } from './git-error.js';
import type { GitFailureKind } from './git-error.js';
import {
  changedPaths,
  ensureMirror,
  fetchBranchesAndTags,
  fetchExact,
  hasCommit,
  lookupAbbreviated,
  readLocalRef,
} from './mirror.js';
import type { Remote } from './mirror.js';
import { mirrorDirName, redactURL, splitURLCredentials } from './repo-key.js';
import { decideRevision, exactFetchDestination, parseRevision } from './revision.js';
import type { RefTable, RevisionTarget } from './revision.js';
import { existingTree, materializeTree } from './tree-store.js';

export type RepoCacheOptions = {
  /** Where mirrors and trees live, e.g. ~/.cache/slipway/git. */
  readonly cacheDir: string;
  /** How long a successful fetch answers for; 0 (the default) asks the remote on every call. */
  readonly fetchTtlMs?: number;
  /** How long one fetch may take before it counts as unreachable (default 10 minutes). */
  readonly commandTimeoutMs?: number;
};

const defaultTimeoutMs = 10 * 60_000;
const fullSha = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const noRefs: RefTable = new Map();

/**
 * Shared clones of Git repositories: one bare mirror per repository, fetched at most once at a
 * time (and at most once per fetchTtlMs), and one read-only tree per commit.
 */
export class RepoCache {
  private readonly cacheDir: string;
  private readonly timeoutMs: number;
  private readonly gate: FetchGate;
  private readonly mirrors = new Map<string, Promise<void>>();
  private readonly refTables = new Map<string, RefTable>();
  private readonly trees = new Map<string, Promise<string>>();

  constructor(options: RepoCacheOptions) {
    this.cacheDir = options.cacheDir;
    this.timeoutMs = options.commandTimeoutMs ?? defaultTimeoutMs;
    this.gate = new FetchGate(options.fetchTtlMs ?? 0);
  }

  /** The full sha that targetRevision (HEAD or empty, branch, tag, sha, short sha, refs/...) names now. */
  async resolveRevision(
    repoURL: string,
    targetRevision: string,
    credentials?: GitCredentials,
  ): Promise<string> {
    const target = parseRevision(targetRevision);
    const remote = await this.remote(repoURL, credentials);
    try {
      // A commit already mirrored cannot change: no need to ask the remote.
      if (target.kind === 'commit' && (await hasCommit(remote.gitDir, target.sha))) {
        return target.sha;
      }
      await this.gate.refresh(remote.gitDir, async () => {
        this.refTables.set(remote.gitDir, await fetchBranchesAndTags(remote));
      });
      return await this.resolveFetched(remote, target, targetRevision);
    } catch (err) {
      // The fetch is shared; its error names the revision of whoever reads it.
      throw err instanceof GitError ? err.forRevision(targetRevision) : err;
    }
  }

  private async resolveFetched(
    remote: Remote,
    target: RevisionTarget,
    targetRevision: string,
  ): Promise<string> {
    if (target.kind === 'commit' && (await hasCommit(remote.gitDir, target.sha))) return target.sha;
    const decision = decideRevision(target, this.refTables.get(remote.gitDir) ?? noRefs);
    const failure = (kind: GitFailureKind): GitError =>
      new GitError({ kind, repoURL: remote.displayURL, revision: targetRevision });
    switch (decision.kind) {
      case 'found':
        return decision.sha;
      case 'no-default-branch':
        throw failure(gitFailureKinds.noDefaultBranch);
      case 'not-found':
        throw failure(gitFailureKinds.revisionNotFound);
      case 'lookup-abbreviated': {
        const found = await lookupAbbreviated(remote.gitDir, decision.prefix);
        if (found.kind === 'found') return found.sha;
        throw failure(
          found.kind === 'ambiguous'
            ? gitFailureKinds.revisionAmbiguous
            : gitFailureKinds.revisionNotFound,
        );
      }
      case 'fetch-exact': {
        await this.gate.refresh(`${remote.gitDir}\n${decision.what}`, () =>
          fetchExact(remote, decision.what),
        );
        const sha = await readLocalRef(remote.gitDir, exactFetchDestination(decision.what));
        if (sha === undefined) throw failure(gitFailureKinds.revisionNotFound);
        return sha;
      }
    }
  }

  /**
   * A read-only folder holding the tree of `sha`, written once and shared by every caller and
   * every repository with that commit. A commit not yet mirrored (a fresh cache after a restart)
   * is fetched first, with `credentials` if the repository needs them.
   */
  async checkout(repoURL: string, sha: string, credentials?: GitCredentials): Promise<string> {
    const commit = requireSha(sha, 'sha');
    // Looked up and stored before any await, so concurrent callers share one extraction.
    const running = this.trees.get(commit);
    if (running !== undefined) return running;
    const tree = this.writeTree(repoURL, commit, credentials).finally(() =>
      this.trees.delete(commit),
    );
    this.trees.set(commit, tree);
    return tree;
  }

  private async writeTree(
    repoURL: string,
    commit: string,
    credentials: GitCredentials | undefined,
  ): Promise<string> {
    const treesDir = join(this.cacheDir, 'trees');
    const existing = await existingTree(treesDir, commit);
    if (existing !== undefined) return existing;
    await this.resolveRevision(repoURL, commit, credentials);
    const remote = await this.remote(repoURL, credentials);
    return materializeTree(remote.gitDir, remote.displayURL, treesDir, commit);
  }

  /**
   * Files added, changed or deleted between two commits (both names of a rename), fetching
   * either commit first if it is not mirrored yet.
   */
  async listChangedPaths(
    repoURL: string,
    fromSha: string,
    toSha: string,
    credentials?: GitCredentials,
  ): Promise<string[]> {
    const from = requireSha(fromSha, 'fromSha');
    const to = requireSha(toSha, 'toSha');
    await this.resolveRevision(repoURL, from, credentials);
    await this.resolveRevision(repoURL, to, credentials);
    const remote = await this.remote(repoURL, credentials);
    return changedPaths(remote.gitDir, remote.displayURL, from, to);
  }

  /** Makes the next resolveRevision of this repository fetch whatever fetchTtlMs says (a push arrived). */
  markStale(repoURL: string): void {
    this.gate.invalidate(this.gitDirOf(splitURLCredentials(repoURL.trim()).url));
  }

  private gitDirOf(url: string): string {
    return join(this.cacheDir, 'repos', mirrorDirName(url));
  }

  /**
   * The repository as this call sees it, its mirror created if needed. Credentials written in
   * the URL are moved out of it, so they reach git neither through argv nor the mirror's config.
   */
  private async remote(repoURL: string, credentials: GitCredentials | undefined): Promise<Remote> {
    const split = splitURLCredentials(repoURL.trim());
    const auth: GitCredentials | undefined =
      split.password === undefined
        ? credentials
        : { username: split.username, password: split.password, ...credentials };
    const fetchURL = split.url;
    // The user stays in what is shown (it tells which account was refused); the password never.
    const displayURL = redactURL(repoURL.trim());
    const gitDir = this.gitDirOf(fetchURL);
    let ready = this.mirrors.get(gitDir);
    if (ready === undefined) {
      ready = ensureMirror(gitDir, displayURL);
      this.mirrors.set(gitDir, ready);
      // A failed creation must not stay cached: the next call tries again.
      ready.catch(() => this.mirrors.delete(gitDir));
    }
    await ready;
    return {
      fetchURL,
      displayURL,
      gitDir,
      withAuth: (run) => withGitAuth(fetchURL, auth, run),
      secrets: secretsOf(auth),
      timeoutMs: this.timeoutMs,
    };
  }
}

function requireSha(sha: string, field: string): string {
  const commit = sha.trim().toLowerCase();
  if (!fullSha.test(commit)) {
    throw new InputError(`${field} '${sha}' is not a full commit sha`, {
      hint: 'pass the sha that resolveRevision returned',
    });
  }
  return commit;
}
