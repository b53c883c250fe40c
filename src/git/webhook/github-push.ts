import { z } from 'zod';
import { firstHeader, type WebhookHeaders } from './headers.js';
import { decodeJsonBody, readPayload } from './payload.js';
import {
  changedFilesOf,
  commitFilesSchema,
  commitsListFiles,
  isZeroSha,
  refTarget,
  uniqueUrls,
} from './push-fields.js';
import { ignoredEvent, type IgnoredEvent, type PushEvent } from './webhook-event.js';

// GitHub's push payload; Gitea sends the same shape plus `total_commits`, because Gitea caps
// `commits` (setting FeedMaxCommitNum) and says how many there really were.
const githubStylePushSchema = z.object({
  ref: z.string().min(1),
  before: z.string().nullish(),
  after: z.string().min(1),
  created: z.boolean().nullish(),
  deleted: z.boolean().nullish(),
  repository: z.object({
    html_url: z.string().min(1),
    clone_url: z.string().nullish(),
    ssh_url: z.string().nullish(),
  }),
  commits: z.array(commitFilesSchema).nullish(),
  total_commits: z.number().int().nonnegative().nullish(),
});

/** A GitHub delivery: `push` is parsed, `ping` and every other event are ignored. */
export function parseGitHubWebhook(
  headers: WebhookHeaders,
  body: Buffer,
): PushEvent | IgnoredEvent {
  const event = (firstHeader(headers, 'x-github-event') ?? '').trim().toLowerCase();
  if (event === 'ping') return ignoredEvent('GitHub ping: the webhook is set up, nothing to sync');
  if (event !== 'push') return ignoredEvent(`GitHub "${event}" event is not a push`);
  return githubStylePush('github', decodeJsonBody('github', headers, body));
}

/** A Gitea delivery (Gitea also sends X-GitHub-Event, so check for Gitea first). */
export function parseGiteaWebhook(headers: WebhookHeaders, body: Buffer): PushEvent | IgnoredEvent {
  const event = (firstHeader(headers, 'x-gitea-event') ?? '').trim().toLowerCase();
  if (event !== 'push') return ignoredEvent(`Gitea "${event}" event is not a push`);
  return githubStylePush('gitea', decodeJsonBody('gitea', headers, body));
}

function githubStylePush(provider: 'github' | 'gitea', payload: unknown): PushEvent {
  const push = readPayload(githubStylePushSchema, payload, provider);
  const commits = push.commits ?? [];
  const refMoved =
    !push.created && !push.deleted && !isZeroSha(push.before) && !isZeroSha(push.after);
  const allCommitsListed = push.total_commits == null || commits.length >= push.total_commits;
  const { repository } = push;
  return {
    provider,
    repoUrls: uniqueUrls(repository.clone_url, repository.html_url, repository.ssh_url),
    ref: push.ref,
    ...refTarget(push.ref),
    after: push.after,
    changedFiles: changedFilesOf(commits),
    changedFilesComplete:
      push.commits != null && refMoved && allCommitsListed && commitsListFiles(commits),
  };
}
