import { clusterLayout } from './layout.js';
import { registryAddress } from './network.js';

/** The environment that points kubectl, tests and Slipway at the local cluster. */
export function clusterEnv(): Record<string, string> {
  const layout = clusterLayout();
  return { KUBECONFIG: layout.adminKubeconfig, SLIPWAY_REGISTRY: registryAddress };
}
