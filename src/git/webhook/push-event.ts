import { InputError } from '../../errors/index.js';
import { azureEventType, parseAzureDevOpsWebhook } from './azure-devops-push.js';
import { parseGitHubWebhook, parseGiteaWebhook } from './github-push.js';
import { parseGitLabWebhook } from './gitlab-push.js';
import { firstHeader, type WebhookHeaders } from './headers.js';
import type { GitProvider, IgnoredEvent, PushEvent } from './webhook-event.js';

/**
 * Which provider sent a delivery, from its event header, or for Azure DevOps (which sends no
 * event header) its X-Vss-ActivityId header or an `eventType` in the JSON body.
 */
export function detectWebhookProvider(
  headers: WebhookHeaders,
  body: Buffer,
): GitProvider | undefined {
  // Gitea also sends X-GitHub-Event and X-Gogs-Event, so its own header is checked first.
  if (firstHeader(headers, 'x-gitea-event') !== undefined) return 'gitea';
  if (firstHeader(headers, 'x-github-event') !== undefined) return 'github';
  if (firstHeader(headers, 'x-gitlab-event') !== undefined) return 'gitlab';
  if (firstHeader(headers, 'x-vss-activityid') !== undefined) return 'azure-devops';
  return azureEventType(parseJsonOrUndefined(body)) === undefined ? undefined : 'azure-devops';
}

/**
 * The push a webhook delivery reports, or why it asks for nothing. Throws InputError when the
 * sender cannot be told or its payload is malformed. Verify the signature before trusting it.
 */
export function parsePushEvent(headers: WebhookHeaders, body: Buffer): PushEvent | IgnoredEvent {
  const provider = detectWebhookProvider(headers, body);
  switch (provider) {
    case 'github':
      return parseGitHubWebhook(headers, body);
    case 'gitea':
      return parseGiteaWebhook(headers, body);
    case 'gitlab':
      return parseGitLabWebhook(headers, body);
    case 'azure-devops':
      return parseAzureDevOpsWebhook(headers, body);
    case undefined:
      throw new InputError(
        'cannot tell which Git provider sent this webhook: no X-GitHub-Event, X-Gitlab-Event or ' +
          'X-Gitea-Event header, and the body is not an Azure DevOps service hook',
        { hint: 'point only GitHub, GitLab, Gitea or Azure DevOps push webhooks at this endpoint' },
      );
  }
}

function parseJsonOrUndefined(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
