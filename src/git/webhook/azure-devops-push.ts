import { z } from 'zod';
import type { WebhookHeaders } from './headers.js';
import { decodeJsonBody, readPayload } from './payload.js';
import { refTarget, uniqueUrls } from './push-fields.js';
import { ignoredEvent, type IgnoredEvent, type PushEvent } from './webhook-event.js';

// Azure DevOps service hook "Code pushed" (eventType git.push). `repository.url` is the REST API
// address, not a clone URL, so it is left out of repoUrls.
const azurePushSchema = z.object({
  resource: z.object({
    refUpdates: z
      .array(z.object({ name: z.string().min(1), newObjectId: z.string().min(1) }))
      .nonempty(),
    repository: z.object({
      remoteUrl: z.string().min(1),
      sshUrl: z.string().nullish(),
      webUrl: z.string().nullish(),
    }),
  }),
});

/** An Azure DevOps service hook: `git.push` is parsed, other event types ignored. */
export function parseAzureDevOpsWebhook(
  headers: WebhookHeaders,
  body: Buffer,
): PushEvent | IgnoredEvent {
  const payload = decodeJsonBody('azure-devops', headers, body);
  const eventType = azureEventType(payload);
  if (eventType !== 'git.push') {
    return ignoredEvent(`Azure DevOps "${eventType ?? '(no eventType)'}" event is not git.push`);
  }
  const { resource } = readPayload(azurePushSchema, payload, 'azure-devops');
  // One push can move several refs; like Argo CD we act on the first.
  const [update] = resource.refUpdates;
  const { repository } = resource;
  return {
    provider: 'azure-devops',
    repoUrls: uniqueUrls(repository.remoteUrl, repository.sshUrl, repository.webUrl),
    ref: update.name,
    ...refTarget(update.name),
    after: update.newObjectId,
    // The service hook names commits but never their files.
    changedFiles: [],
    changedFilesComplete: false,
  };
}

/** The service hook's `eventType`, if the document has one. */
export function azureEventType(payload: unknown): string | undefined {
  const eventType: unknown =
    typeof payload === 'object' && payload !== null && 'eventType' in payload
      ? payload.eventType
      : undefined;
  return typeof eventType === 'string' ? eventType : undefined;
}
