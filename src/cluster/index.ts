// The local single-machine cluster Slipway is tested and demonstrated on: etcd, the
// control plane, one real node (kubelet, containerd, runc, CNI bridge, kube-proxy),
// kwok's simulated nodes and an OCI registry, all started from the toolchain that
// scripts/setup builds, and stopped by their recorded pids.
export { clusterUp } from './up.js';
export type { UpResult, Progress } from './up.js';
export { clusterDown } from './down.js';
export { clusterEnv } from './env.js';
export { clusterLayout } from './layout.js';
export type { ClusterLayout } from './layout.js';
export { clusterNetwork, clusterPorts, registryAddress, apiserverUrl } from './network.js';
export { loadToolchain } from './toolchain.js';
export type { Toolchain } from './toolchain.js';
export { kwokTaint, kwokNodeName } from './bootstrap-manifests.js';
export { pythonBaseImage, inRegistry } from './base-images.js';
export type { ClusterRecord } from './cluster-record.js';
export type { ClusterStatus, ComponentStatus } from './status.js';

import { clusterLayout } from './layout.js';
import { inspectCluster, type ClusterStatus } from './status.js';
import { loadToolchain } from './toolchain.js';

export async function clusterStatus(): Promise<ClusterStatus> {
  const layout = clusterLayout();
  return inspectCluster(layout, loadToolchain(layout));
}
