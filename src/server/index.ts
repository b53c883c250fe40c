// Slipway's HTTP surface. Today: the Git webhook intake that turns push events into refreshes
// and pushes and pull requests into pipeline runs; the API, live streams and the UI join it later.
export { buildWebhookServer } from './webhook-server.js';
export type {
  PipelineTriggerTarget,
  WebhookTarget,
  WebhookServerOptions,
} from './webhook-server.js';
export { appsForPush } from './webhook-decision.js';
export type { AppSource } from './webhook-decision.js';
