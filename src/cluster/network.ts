/** The fixed addresses and ports of the local cluster. Listeners bind loopback, except the
 * API server and the kubelet, which also answer on the node bridge's gateway address: kubelet
 * refuses a loopback node IP, and pods reach the API server there. */
export const clusterNetwork = {
  nodeName: 'slipway-node',
  /** The node's InternalIP: the pod bridge's gateway, which `up` creates before kubelet starts. */
  nodeIp: '10.244.0.1',
  bridgeName: 'slipway0',
  podSubnet: '10.244.0.0/24',
  podGateway: '10.244.0.1',
  clusterCidr: '10.244.0.0/16',
  serviceCidr: '10.96.0.0/16',
  kubernetesServiceIp: '10.96.0.1',
  clusterDomain: 'cluster.local',
} as const;

export const clusterPorts = {
  etcdClient: 2379,
  etcdPeer: 2380,
  apiserver: 6443,
  registry: 5000,
  /** The second registry, which answers only to tokens from Slipway (docs/identity.md). */
  registryIdentity: 5001,
  kubelet: 10250,
  kubeletHealthz: 10248,
  kubeProxyMetrics: 10249,
  kubeProxyHealthz: 10256,
  scheduler: 10259,
  controllerManager: 10257,
  kwokServer: 10247,
} as const;
export type ClusterPortName = keyof typeof clusterPorts;

export const registryAddress = `127.0.0.1:${clusterPorts.registry}`;
export const apiserverUrl = `https://127.0.0.1:${clusterPorts.apiserver}`;

/** The registry that requires token authentication; 127.0.0.1:5000 stays open. */
export const registryIdentityAddress = `127.0.0.1:${clusterPorts.registryIdentity}`;

/**
 * The contract between the identity registry, the kubelet's credential provider and Slipway:
 * Slipway serves the token realm and the service-account exchange on a fixed loopback port
 * (its own port varies per run), when started with registry auth.
 */
export const registryTokenAuth = {
  /** Slipway's second listener; not a cluster component, so `cluster up` does not hold it. */
  realmPort: 5002,
  realm: 'http://127.0.0.1:5002/token',
  exchangeUrl: 'http://127.0.0.1:5002/exchange',
  /** The registry's `service`: the `aud` of its tokens, and the projected token's audience. */
  service: 'slipway-registry',
  /** The `iss` the registry trusts, signed by the key whose certificate is in its bundle. */
  issuer: 'slipway-registry-auth',
  /** The kubelet's provider plugin, named as its executable in the bin dir. */
  providerName: 'slipway-credential-provider',
} as const;
