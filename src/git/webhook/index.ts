// Webhook intake: tells which Git host sent a delivery, checks its signature, reads the push it
// reports, and turns repository URLs into keys that match however a repository is spelled.
// Everything here is a pure function of headers, body bytes and configured secret.
export { normalizeRepoUrl } from './repo-url.js';
export { detectWebhookProvider, parsePushEvent } from './push-event.js';
export { verifyWebhookSignature } from './signature.js';
export type { SignatureCheck } from './signature.js';
export { GitProvider, isIgnoredEvent, providerLabel } from './webhook-event.js';
export type { IgnoredEvent, PushEvent } from './webhook-event.js';
export type { WebhookHeaders } from './headers.js';
export { parseRepoWebhook } from './repo-webhook.js';
export type { PipelineWebhookProvider, RepoWebhook } from './repo-webhook.js';
export {
  parseGenericEvent,
  verifyGenericSignature,
  genericSignatureHeader,
} from './generic-event.js';
export {
  pullRequestActions,
  pullRequestRepoEvent,
  pushRepoEvent,
  type EventSource,
  type PullRequestAction,
  type RepoEvent,
} from './repo-event.js';
