import { z } from 'zod';
import { decodeJsonBody, readPayload } from './payload.js';
import { uniqueUrls } from './push-fields.js';
import { isPullRequestAction, pullRequestRepoEvent, type RepoEvent } from './repo-event.js';
import { ignoredEvent, providerLabel, type IgnoredEvent } from './webhook-event.js';
import type { WebhookHeaders } from './headers.js';

// GitHub's `pull_request` webhook; Gitea sends the same shape under X-Gitea-Event: pull_request,
// except that a push to the head branch is `synchronized` where GitHub says `synchronize`.
const githubStylePullRequestSchema = z.object({
  action: z.string().min(1),
  number: z.number().int().positive(),
  pull_request: z.object({
    title: z.string().nullish(),
    merged: z.boolean().nullish(),
    head: z.object({ ref: z.string().min(1), sha: z.string().min(1) }),
    base: z.object({ ref: z.string().min(1) }),
  }),
  repository: z.object({
    html_url: z.string().min(1),
    clone_url: z.string().nullish(),
    ssh_url: z.string().nullish(),
  }),
});

const giteaActions: Readonly<Record<string, string>> = { synchronized: 'synchronize' };

/**
 * A GitHub or Gitea `pull_request` delivery: opened, synchronize, reopened and closed become a
 * pull request event; other actions (edited, labeled, assigned, …) are ignored. Pure.
 */
export function parseGitHubStylePullRequest(
  provider: 'github' | 'gitea',
  headers: WebhookHeaders,
  body: Buffer,
): RepoEvent | IgnoredEvent {
  const payload = readPayload(
    githubStylePullRequestSchema,
    decodeJsonBody(provider, headers, body),
    provider,
    'pull_request',
  );
  const action =
    provider === 'gitea' ? (giteaActions[payload.action] ?? payload.action) : payload.action;
  if (!isPullRequestAction(action)) {
    return ignoredEvent(
      `${providerLabel[provider]} pull_request action "${payload.action}" does not trigger pipelines (only opened, synchronize, reopened, closed)`,
    );
  }
  const { pull_request: pr, repository } = payload;
  return pullRequestRepoEvent({
    source: provider,
    repoUrls: uniqueUrls(repository.clone_url, repository.html_url, repository.ssh_url),
    action,
    number: payload.number,
    title: pr.title,
    merged: pr.merged ?? false,
    headBranch: pr.head.ref,
    baseBranch: pr.base.ref,
    headSha: pr.head.sha,
  });
}
