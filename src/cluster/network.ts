/** The fixed addresses and ports of the local cluster. Every listener binds loopback
 * except the API server, which pods reach through the node bridge's gateway. */
export const clusterNetwork = {
  nodeName: 'slipway-node',
  nodeIp: '127.0.0.1',
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
