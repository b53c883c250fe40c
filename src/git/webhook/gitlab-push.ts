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

const pushHooks = new Set(['push hook', 'tag push hook']);
const pushKinds = new Set(['push', 'tag_push']);

// GitLab's "Push Hook" and "Tag Push Hook" share this shape. `commits` holds at most 20 entries;
// `total_commits_count` says how many were pushed.
const gitlabPushSchema = z.object({
  object_kind: z.string().nullish(),
  ref: z.string().min(1),
  before: z.string().nullish(),
  after: z.string().min(1),
  checkout_sha: z.string().nullish(),
  project: z.object({
    web_url: z.string().min(1),
    git_http_url: z.string().nullish(),
    git_ssh_url: z.string().nullish(),
  }),
  commits: z.array(commitFilesSchema).nullish(),
  total_commits_count: z.number().int().nonnegative().nullish(),
});

/** A GitLab delivery: push and tag push hooks (also as system hooks) are parsed, others ignored. */
export function parseGitLabWebhook(
  headers: WebhookHeaders,
  body: Buffer,
): PushEvent | IgnoredEvent {
  const event = (firstHeader(headers, 'x-gitlab-event') ?? '').trim();
  const hook = event.toLowerCase();
  if (hook !== 'system hook' && !pushHooks.has(hook)) {
    return ignoredEvent(`GitLab "${event}" event is not a push`);
  }
  const payload = decodeJsonBody('gitlab', headers, body);
  const kind = objectKind(payload);
  if (hook === 'system hook' && !pushKinds.has(kind)) {
    return ignoredEvent(`GitLab system hook "${kind || '(no object_kind)'}" is not a push`);
  }
  return gitlabPush(payload);
}

function gitlabPush(payload: unknown): PushEvent {
  const push = readPayload(gitlabPushSchema, payload, 'gitlab');
  const commits = push.commits ?? [];
  const refMoved = !isZeroSha(push.before) && !isZeroSha(push.after);
  const allCommitsListed =
    push.total_commits_count == null || commits.length >= push.total_commits_count;
  const { project } = push;
  return {
    provider: 'gitlab',
    repoUrls: uniqueUrls(project.git_http_url, project.web_url, project.git_ssh_url),
    ref: push.ref,
    ...refTarget(push.ref),
    // For an annotated tag `after` is the tag object; `checkout_sha` is the commit it points at.
    after: push.checkout_sha ?? push.after,
    changedFiles: changedFilesOf(commits),
    changedFilesComplete:
      push.commits != null && refMoved && allCommitsListed && commitsListFiles(commits),
  };
}

function objectKind(payload: unknown): string {
  const kind: unknown =
    typeof payload === 'object' && payload !== null && 'object_kind' in payload
      ? payload.object_kind
      : undefined;
  return typeof kind === 'string' ? kind : '';
}
