// Talking to the Kubernetes API: a plain-JSON REST client from the kubeconfig, discovery,
// server-side apply, watches with a local cache, and the CRDs Slipway installs.
export { KubeRest } from './rest-client.js';
export { connectionFromKubeconfig, loadDefaultConnection } from './connection.js';
export type { Connection } from './connection.js';
export { KubeApiError } from './kube-api-error.js';
export { Discovery } from './discovery.js';
export type { ResourceInfo } from './discovery.js';
export { ObjectClient, slipwayFieldManager } from './object-client.js';
export type { ApplyOptions } from './object-client.js';
export { refKey, refOf, groupOfApiVersion } from './object-ref.js';
export type { KubeObject, ObjectRef } from './object-ref.js';
export {
  applicationCrd,
  applicationApiVersion,
  progressiveDeliveryCrds,
  slipwayApiVersion,
  slipwayGroup,
  slipwayVersion,
} from './crds.js';
export { watchCollection } from './watch.js';
export type { WatchEvent, WatchHandle } from './watch.js';
