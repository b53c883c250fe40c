import { InputError } from '../../errors/index.js';
import { azureEventType, parseAzureDevOpsWebhook } from './azure-devops-push.js';
import {
  azurePullRequestEventTypes,
  parseAzureDevOpsPullRequest,
} from './azure-devops-pull-request.js';
import { parseGitHubStylePullRequest } from './github-pull-request.js';
import { parseGitHubWebhook, parseGiteaWebhook } from './github-push.js';
import { firstHeader, type WebhookHeaders } from './headers.js';
import { decodeJsonBody } from './payload.js';
import { pushRepoEvent, type RepoEvent } from './repo-event.js';
import {
  ignoredEvent,
  isIgnoredEvent,
  providerLabel,
  type IgnoredEvent,
  type PushEvent,
} from './webhook-event.js';

/** The hosts whose push and pull request webhooks can start pipelines. */
export type PipelineWebhookProvider = 'github' | 'gitea' | 'azure-devops';

/**
 * What a delivery asks for: a push (which also refreshes Applications) or a pull request, each
 * as the repository event pipelines are planned against.
 */
export type RepoWebhook =
  | { readonly kind: 'push'; readonly push: PushEvent; readonly repoEvent: RepoEvent }
  | { readonly kind: 'pull_request'; readonly repoEvent: RepoEvent };

const eventHeaders: Readonly<Record<'github' | 'gitea', string>> = {
  github: 'X-GitHub-Event',
  gitea: 'X-Gitea-Event',
};

/**
 * A delivery from `provider` read as a push or a pull request, or why it asks for nothing.
 * Throws InputError when the event header is missing or the payload is malformed. Pure; verify
 * the signature before trusting the result.
 */
export function parseRepoWebhook(
  provider: PipelineWebhookProvider,
  headers: WebhookHeaders,
  body: Buffer,
): RepoWebhook | IgnoredEvent {
  if (provider === 'azure-devops') return parseAzureDelivery(headers, body);
  const header = eventHeaders[provider];
  const event = firstHeader(headers, header)?.trim().toLowerCase();
  if (event === undefined || event === '') {
    throw new InputError(`${providerLabel[provider]} webhook has no ${header} header`, {
      hint: `point only ${providerLabel[provider]} webhooks at /api/webhooks/${provider}`,
    });
  }
  if (event === 'pull_request') {
    return asPullRequest(parseGitHubStylePullRequest(provider, headers, body));
  }
  const push =
    provider === 'github' ? parseGitHubWebhook(headers, body) : parseGiteaWebhook(headers, body);
  return asPush(push);
}

function parseAzureDelivery(headers: WebhookHeaders, body: Buffer): RepoWebhook | IgnoredEvent {
  const eventType = azureEventType(decodeJsonBody('azure-devops', headers, body));
  if (eventType === undefined) {
    throw new InputError('Azure DevOps webhook body has no eventType', {
      hint: 'point only Azure DevOps service hooks (Code pushed, Pull request created/updated/merge attempted) at /api/webhooks/azure-devops',
    });
  }
  if ((azurePullRequestEventTypes as readonly string[]).includes(eventType)) {
    return asPullRequest(parseAzureDevOpsPullRequest(eventType, headers, body));
  }
  return asPush(parseAzureDevOpsWebhook(headers, body));
}

function asPush(push: PushEvent | IgnoredEvent): RepoWebhook | IgnoredEvent {
  if (isIgnoredEvent(push)) return push;
  return { kind: 'push', push, repoEvent: pushRepoEvent(push) };
}

function asPullRequest(event: RepoEvent | IgnoredEvent): RepoWebhook | IgnoredEvent {
  return 'ignored' in event
    ? ignoredEvent(event.reason)
    : { kind: 'pull_request', repoEvent: event };
}
