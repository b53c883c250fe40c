import { stringify } from 'yaml';
import type { ClusterLayout } from './layout.js';
import {
  clusterNetwork,
  clusterPorts,
  registryAddress,
  registryIdentityAddress,
} from './network.js';
import { pkiFile } from './pki.js';

/** containerd 1.6's config: its own root, state and socket, the CRI plugin with
 * cgroupfs (no systemd here), our pause image, plain HTTP to both local registries. */
export function renderContainerdConfig(
  layout: ClusterLayout,
  pauseImage: string,
  snapshotter: string,
): string {
  const q = (s: string): string => JSON.stringify(s);
  return `version = 2
root = ${q(layout.containerdRoot)}
state = ${q(layout.containerdState)}

[grpc]
  address = ${q(layout.containerdSocket)}

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = ${q(pauseImage)}
  enable_unprivileged_ports = true
  # Without CAP_SYS_RESOURCE (as in some VMs and containers) runc cannot lower a pod's
  # oom_score_adj below containerd's own; clamp it there instead of failing every sandbox.
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = ${q(snapshotter)}
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = ${q(layout.cniConfDir)}
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors.${q(registryAddress)}]
    endpoint = [${q(`http://${registryAddress}`)}]
  [plugins."io.containerd.grpc.v1.cri".registry.mirrors.${q(registryIdentityAddress)}]
    endpoint = [${q(`http://${registryIdentityAddress}`)}]
`;
}

/** The pod network: one Linux bridge, addresses from host-local IPAM kept in our state dir. */
export function renderCniConfig(layout: ClusterLayout): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'slipway',
      plugins: [
        {
          type: 'bridge',
          bridge: clusterNetwork.bridgeName,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            dataDir: layout.cniDataDir,
            ranges: [[{ subnet: clusterNetwork.podSubnet, gateway: clusterNetwork.podGateway }]],
            routes: [{ dst: '0.0.0.0/0' }],
          },
        },
        { type: 'loopback' },
      ],
    },
    null,
    2,
  );
}

export function renderKubeletConfig(layout: ClusterLayout): string {
  return stringify({
    apiVersion: 'kubelet.config.k8s.io/v1beta1',
    kind: 'KubeletConfiguration',
    address: clusterNetwork.nodeIp,
    port: clusterPorts.kubelet,
    healthzBindAddress: '127.0.0.1',
    healthzPort: clusterPorts.kubeletHealthz,
    tlsCertFile: pkiFile(layout, 'kubelet-serving.crt'),
    tlsPrivateKeyFile: pkiFile(layout, 'kubelet-serving.key'),
    authentication: {
      anonymous: { enabled: false },
      webhook: { enabled: true },
      x509: { clientCAFile: pkiFile(layout, 'ca.crt') },
    },
    authorization: { mode: 'Webhook' },
    cgroupDriver: 'cgroupfs',
    containerRuntimeEndpoint: `unix://${layout.containerdSocket}`,
    failSwapOn: false,
    // cgroup v1 is what this machine has; 1.34 still runs on it when told so.
    failCgroupV1: false,
    resolvConf: '/etc/resolv.conf',
    clusterDomain: clusterNetwork.clusterDomain,
    serializeImagePulls: false,
    // An image already on the node is not proof a pod may pull it: re-check every image but the
    // open registry's with the pod's own credentials, unless that pod's ServiceAccount (or
    // Secret) already pulled it (KEP-2535; alpha in 1.34, and it knows service-account
    // credentials). Without it a denied pod starts from another pod's copy.
    featureGates: { KubeletEnsureSecretPulledImages: true },
    imagePullCredentialsVerificationPolicy: 'NeverVerifyAllowlistedImages',
    preloadedImagesVerificationAllowlist: [`${registryAddress}/*`],
    // A developer machine's disk fills with caches: don't evict pods for it.
    evictionHard: {
      'memory.available': '100Mi',
      'nodefs.available': '1%',
      'imagefs.available': '1%',
    },
    imageGCHighThresholdPercent: 100,
    imageGCLowThresholdPercent: 99,
    maxPods: 250,
    protectKernelDefaults: false,
    makeIPTablesUtilChains: true,
    nodeStatusReportFrequency: '10s',
    nodeStatusUpdateFrequency: '10s',
    syncFrequency: '10s',
  });
}

export function renderKubeProxyConfig(layout: ClusterLayout): string {
  return stringify({
    apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
    kind: 'KubeProxyConfiguration',
    mode: 'iptables',
    clientConnection: { kubeconfig: `${layout.kubeconfigDir}/kube-proxy.yaml` },
    hostnameOverride: clusterNetwork.nodeName,
    bindAddress: '127.0.0.1',
    healthzBindAddress: `127.0.0.1:${clusterPorts.kubeProxyHealthz}`,
    metricsBindAddress: `127.0.0.1:${clusterPorts.kubeProxyMetrics}`,
    clusterCIDR: clusterNetwork.clusterCidr,
    // Leave the kernel's conntrack table sizes alone: they are not ours to change.
    conntrack: { maxPerCore: 0, min: 0 },
    iptables: { localhostNodePorts: true, syncPeriod: '5s', minSyncPeriod: '0s' },
  });
}

export function renderRegistryConfig(layout: ClusterLayout): string {
  return stringify({
    version: 0.1,
    log: { level: 'warn' },
    storage: { filesystem: { rootdirectory: layout.registryDataDir }, delete: { enabled: true } },
    http: { addr: registryAddress, headers: { 'X-Content-Type-Options': ['nosniff'] } },
  });
}
