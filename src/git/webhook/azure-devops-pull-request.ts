import { z } from 'zod';
import type { WebhookHeaders } from './headers.js';
import { decodeJsonBody, readPayload } from './payload.js';
import { uniqueUrls } from './push-fields.js';
import {
  branchName,
  pullRequestRepoEvent,
  type PullRequestAction,
  type RepoEvent,
} from './repo-event.js';
import { ignoredEvent, type IgnoredEvent } from './webhook-event.js';

// Azure DevOps service hooks "Pull request created", "Pull request updated" and "Pull request
// merge attempted". `lastMergeSourceCommit` is the head of the source branch.
const azurePullRequestSchema = z.object({
  resource: z.object({
    pullRequestId: z.number().int().positive(),
    status: z.string().min(1),
    title: z.string().nullish(),
    sourceRefName: z.string().min(1),
    targetRefName: z.string().min(1),
    lastMergeSourceCommit: z.object({ commitId: z.string().min(1) }),
    repository: z.object({
      remoteUrl: z.string().min(1),
      sshUrl: z.string().nullish(),
      webUrl: z.string().nullish(),
    }),
  }),
});

export const azurePullRequestEventTypes = [
  'git.pullrequest.created',
  'git.pullrequest.updated',
  'git.pullrequest.merged',
] as const;

/**
 * An Azure DevOps pull request service hook as a pull request event. `status` completed or
 * abandoned means the pull request closed (merged when completed); a merge attempt on a pull
 * request still active is ignored, since Azure DevOps also sends `updated` for the same push. Pure.
 */
export function parseAzureDevOpsPullRequest(
  eventType: string,
  headers: WebhookHeaders,
  body: Buffer,
): RepoEvent | IgnoredEvent {
  const { resource } = readPayload(
    azurePullRequestSchema,
    decodeJsonBody('azure-devops', headers, body),
    'azure-devops',
    'pull request',
  );
  const action = azureAction(eventType, resource.status);
  if (action === undefined) {
    return ignoredEvent(
      `Azure DevOps "${eventType}" with status "${resource.status}" does not trigger pipelines`,
    );
  }
  const { repository } = resource;
  return pullRequestRepoEvent({
    source: 'azure-devops',
    repoUrls: uniqueUrls(repository.remoteUrl, repository.sshUrl, repository.webUrl),
    action,
    number: resource.pullRequestId,
    title: resource.title,
    merged: resource.status === 'completed',
    headBranch: branchName(resource.sourceRefName),
    baseBranch: branchName(resource.targetRefName),
    headSha: resource.lastMergeSourceCommit.commitId,
  });
}

/** The pipeline action an Azure DevOps event type and pull request status mean, if any. */
export function azureAction(eventType: string, status: string): PullRequestAction | undefined {
  if (status === 'completed' || status === 'abandoned') return 'closed';
  if (eventType === 'git.pullrequest.created') return 'opened';
  if (eventType === 'git.pullrequest.updated') return 'synchronize';
  return undefined;
}
