// A small Git host for the demo and the end-to-end test: smart HTTP through git http-backend,
// pull requests, and GitHub-format webhooks for pushes and pull requests. Pushes need the host's
// user, or — with `runTokens` — a Slipway pipeline run's own token (`x-access-token:<token>`).
export { GitHost, type GitHostOptions } from './git-host.js';
export { serveGitHttpBackend } from './http-backend.js';
export { runTokenUser, type RunTokenTrust } from './run-token-push.js';
export { signBody, type Delivery, type WebhookTarget } from './webhook-delivery.js';
export type { PullRequestState } from './github-payloads.js';
