import type { ExpressionObject } from '../expressions/index.js';

/** What happened in the app repo that may start pipelines. */
export type TriggerEvent = {
  readonly kind: 'pull_request' | 'push' | 'manual';
  /** For pull_request: opened, synchronize, reopened or closed; taken as `opened` when absent. */
  readonly action?: string;
  /** The full ref: `refs/heads/main`, `refs/tags/v1.2.0`, `refs/pull/7/head`. */
  readonly ref: string;
  /** The branch pushed, or a pull request's head branch; derived from `ref` for a push when absent. */
  readonly branch?: string;
  /** A pull request's base branch, the one `on.pull_request.branches` filters. */
  readonly baseBranch?: string;
  /** The tags a push created; derived from a `refs/tags/` ref when absent. */
  readonly tags?: readonly string[];
  readonly sha: string;
  readonly pr?: {
    readonly number: number;
    readonly title?: string;
    readonly merged?: boolean;
    readonly headSha?: string;
  };
};

const headsPrefix = 'refs/heads/';
const tagsPrefix = 'refs/tags/';

/** The branch a push updated, if it was a branch. */
export function pushedBranch(event: TriggerEvent): string | undefined {
  if (event.branch !== undefined) return event.branch;
  return event.ref.startsWith(headsPrefix) ? event.ref.slice(headsPrefix.length) : undefined;
}

/** The tags a push created, if it was tags. */
export function pushedTags(event: TriggerEvent): readonly string[] {
  if (event.tags !== undefined && event.tags.length > 0) return event.tags;
  return event.ref.startsWith(tagsPrefix) ? [event.ref.slice(tagsPrefix.length)] : [];
}

function refName(ref: string): string {
  for (const prefix of [headsPrefix, tagsPrefix]) {
    if (ref.startsWith(prefix)) return ref.slice(prefix.length);
  }
  return ref;
}

/**
 * The `event` (alias `github`) context of expressions. Field names follow GitHub's `github`
 * context where one exists (event_name, ref_name, head_ref, base_ref) so workflows carry over.
 */
export function eventContext(event: TriggerEvent): ExpressionObject {
  const isPullRequest = event.kind === 'pull_request';
  const pr = event.pr;
  return {
    event_name: event.kind,
    kind: event.kind,
    action: event.action ?? (isPullRequest ? 'opened' : null),
    ref: event.ref,
    ref_name: refName(event.ref),
    sha: event.sha,
    branch: isPullRequest ? (event.branch ?? null) : (pushedBranch(event) ?? null),
    tags: [...pushedTags(event)],
    head_ref: isPullRequest ? (event.branch ?? null) : null,
    base_ref: isPullRequest ? (event.baseBranch ?? null) : null,
    pull_request:
      pr === undefined
        ? null
        : {
            number: pr.number,
            title: pr.title ?? null,
            merged: pr.merged ?? false,
            head: { ref: event.branch ?? null, sha: pr.headSha ?? event.sha },
            base: { ref: event.baseBranch ?? null },
          },
  };
}
