import type { TriggerEvent } from '../../pipeline/plan/trigger-event.js';
import type { GitProvider, PushEvent } from './webhook-event.js';

/** Who reported an event: a Git host, a caller of the generic endpoint, or the push poller. */
export type EventSource = GitProvider | 'generic' | 'poll';

/**
 * An event in one repository that may start pipelines: the repository's URLs as the sender spells
 * them (compare with `normalizeRepoUrl`) and the trigger event pipelines are planned against.
 */
export type RepoEvent = {
  readonly source: EventSource;
  readonly repoUrls: readonly string[];
  readonly event: TriggerEvent;
};

/** The pipeline trigger of a push, at the commit the ref now points at. Pure. */
export function pushRepoEvent(push: PushEvent): RepoEvent {
  return {
    source: push.provider,
    repoUrls: push.repoUrls,
    event: {
      kind: 'push',
      ref: push.ref,
      ...(push.branch === undefined ? {} : { branch: push.branch }),
      ...(push.tag === undefined ? {} : { tags: [push.tag] }),
      sha: push.after,
    },
  };
}

/** The pull request actions pipelines can be triggered by (`on.pull_request.types`). */
export const pullRequestActions = ['opened', 'synchronize', 'reopened', 'closed'] as const;
export type PullRequestAction = (typeof pullRequestActions)[number];

export function isPullRequestAction(action: string): action is PullRequestAction {
  return (pullRequestActions as readonly string[]).includes(action);
}

export type PullRequestFields = {
  readonly source: EventSource;
  readonly repoUrls: readonly string[];
  readonly action: PullRequestAction;
  readonly number: number;
  readonly title?: string | null | undefined;
  readonly merged: boolean;
  /** The head branch's name, without `refs/heads/`. */
  readonly headBranch: string;
  readonly baseBranch: string;
  readonly headSha: string;
};

/** The normalized pull request event: ref `refs/pull/N/head`, at the head commit. Pure. */
export function pullRequestRepoEvent(pr: PullRequestFields): RepoEvent {
  return {
    source: pr.source,
    repoUrls: pr.repoUrls,
    event: {
      kind: 'pull_request',
      action: pr.action,
      ref: `refs/pull/${pr.number}/head`,
      branch: pr.headBranch,
      baseBranch: pr.baseBranch,
      sha: pr.headSha,
      pr: {
        number: pr.number,
        ...(pr.title == null ? {} : { title: pr.title }),
        merged: pr.merged,
        headSha: pr.headSha,
      },
    },
  };
}

/** `refs/heads/feature` → `feature`; any other name is kept as given. */
export function branchName(ref: string): string {
  return ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : ref;
}
