// Slipway's HTTP API (docs/api.md): authentication before routing, role checks and audit per
// route, one error shape, server-side lists from watch-fed memory, live events, metrics, OpenAPI.
export { buildApiServer } from './api-server.js';
export type { ApiServerDeps } from './api-deps.js';
export type { AccessPolicy } from './api-route.js';
export { ApiError, errorResponse, type ErrorBody, type ErrorCode } from './api-error.js';
export { EventHub, type HubEvent } from './event-hub.js';
export { ObjectIndex, collectionPaths } from './object-index.js';
export { SlipwayMetrics } from './prom-metrics.js';
export { observeCluster, rolloutPhases } from './cluster-observers.js';
export { observedRunStore } from './observed-run-store.js';
export { sqliteDeliveryStore, memoryDeliveryStore, type DeliveryStore } from './delivery-store.js';
export { deliveryMetrics, type DeliveryMetrics } from './delivery-metrics.js';
