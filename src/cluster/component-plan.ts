import { dirname, join } from 'node:path';
import type { ClusterLayout } from './layout.js';
import { apiserverUrl, clusterNetwork, clusterPorts, type ClusterPortName } from './network.js';
import { kwokStagesFile } from './cluster-files.js';
import {
  credentialProviderConfigFile,
  credentialProviderExecutable,
} from './identity-registry-configs.js';
import { pkiFile } from './pki.js';
import type { Toolchain } from './toolchain.js';

export const componentNames = [
  'registry',
  'registry-identity',
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'containerd',
  'kubelet',
  'kube-proxy',
  'kwok',
] as const;
export type ComponentName = (typeof componentNames)[number];

export type HealthProbe =
  /** Healthy on any status below 400, or on exactly `expectStatus` when given. */
  | { readonly kind: 'http'; readonly url: string; readonly expectStatus?: number }
  /** https verified against our CA, or any certificate when the component made its own. */
  | { readonly kind: 'https'; readonly url: string; readonly caFile?: string }
  | { readonly kind: 'socket'; readonly path: string };

export type ComponentSpec = {
  readonly name: ComponentName;
  readonly command: string;
  readonly args: readonly string[];
  readonly health: HealthProbe;
  /** Loopback ports it listens on, checked free before start. */
  readonly ports: readonly ClusterPortName[];
};

export type ClusterOptions = {
  readonly kwokNodes: number;
};

const local = (port: number, path: string, scheme = 'http'): string =>
  `${scheme}://127.0.0.1:${port}${path}`;

/** Every process of the cluster, in start order (stop order is the reverse). Pure. */
export function planComponents(
  layout: ClusterLayout,
  tools: Toolchain,
  options: ClusterOptions,
): readonly ComponentSpec[] {
  const cfg = (file: string): string => join(layout.configDir, file);
  const kubeconfig = (who: string): string => join(layout.kubeconfigDir, `${who}.yaml`);
  const pki = (file: string): string => pkiFile(layout, file);
  const p = clusterPorts;
  const specs: ComponentSpec[] = [
    {
      name: 'registry',
      command: tools.bin.registry,
      args: ['serve', cfg('registry.yaml')],
      health: { kind: 'http', url: local(p.registry, '/v2/') },
      ports: ['registry'],
    },
    {
      name: 'registry-identity',
      command: tools.bin.registry,
      args: ['serve', cfg('registry-identity.yaml')],
      // Token auth is on when /v2/ answers 401 (with a Bearer challenge naming Slipway's realm).
      health: { kind: 'http', url: local(p.registryIdentity, '/v2/'), expectStatus: 401 },
      ports: ['registryIdentity'],
    },
    {
      name: 'etcd',
      command: tools.bin.etcd,
      args: [
        '--name=slipway',
        `--data-dir=${layout.etcdDataDir}`,
        `--listen-client-urls=${local(p.etcdClient, '')}`,
        `--advertise-client-urls=${local(p.etcdClient, '')}`,
        `--listen-peer-urls=${local(p.etcdPeer, '')}`,
        `--initial-advertise-peer-urls=${local(p.etcdPeer, '')}`,
        `--initial-cluster=slipway=${local(p.etcdPeer, '')}`,
        // A throwaway local cluster: trade durability on power loss for speed.
        '--unsafe-no-fsync=true',
        '--log-level=warn',
      ],
      health: { kind: 'http', url: local(p.etcdClient, '/health') },
      ports: ['etcdClient', 'etcdPeer'],
    },
    {
      name: 'kube-apiserver',
      command: tools.bin['kube-apiserver'],
      args: [
        `--etcd-servers=${local(p.etcdClient, '')}`,
        // Loopback for the host; pods reach it through the bridge gateway it advertises.
        '--bind-address=0.0.0.0',
        `--secure-port=${p.apiserver}`,
        `--advertise-address=${clusterNetwork.podGateway}`,
        `--tls-cert-file=${pki('apiserver.crt')}`,
        `--tls-private-key-file=${pki('apiserver.key')}`,
        `--client-ca-file=${pki('ca.crt')}`,
        `--kubelet-client-certificate=${pki('apiserver-kubelet-client.crt')}`,
        `--kubelet-client-key=${pki('apiserver-kubelet-client.key')}`,
        `--kubelet-certificate-authority=${pki('ca.crt')}`,
        '--kubelet-preferred-address-types=InternalIP,Hostname',
        '--authorization-mode=Node,RBAC',
        '--enable-admission-plugins=NodeRestriction',
        `--service-cluster-ip-range=${clusterNetwork.serviceCidr}`,
        `--service-account-issuer=${apiserverUrl}`,
        `--service-account-key-file=${pki('service-account.pub')}`,
        `--service-account-signing-key-file=${pki('service-account.key')}`,
        '--allow-privileged=true',
        '--profiling=false',
        '--v=1',
      ],
      health: { kind: 'https', url: local(p.apiserver, '/readyz', 'https'), caFile: pki('ca.crt') },
      ports: ['apiserver'],
    },
    {
      name: 'kube-controller-manager',
      command: tools.bin['kube-controller-manager'],
      args: [
        `--kubeconfig=${kubeconfig('controller-manager')}`,
        `--authentication-kubeconfig=${kubeconfig('controller-manager')}`,
        `--authorization-kubeconfig=${kubeconfig('controller-manager')}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${p.controllerManager}`,
        `--service-account-private-key-file=${pki('service-account.key')}`,
        `--root-ca-file=${pki('ca.crt')}`,
        `--cluster-signing-cert-file=${pki('ca.crt')}`,
        `--cluster-signing-key-file=${pki('ca.key')}`,
        '--use-service-account-credentials=true',
        `--service-cluster-ip-range=${clusterNetwork.serviceCidr}`,
        `--cluster-cidr=${clusterNetwork.clusterCidr}`,
        '--allocate-node-cidrs=false',
        '--leader-elect=false',
        // The default 20 requests/s caps how fast hundreds of Deployments roll out (and
        // namespaces delete) on this one-machine cluster; GitOps benchmarks hit it first.
        '--kube-api-qps=100',
        '--kube-api-burst=200',
        '--v=1',
      ],
      health: { kind: 'https', url: local(p.controllerManager, '/healthz', 'https') },
      ports: ['controllerManager'],
    },
    {
      name: 'kube-scheduler',
      command: tools.bin['kube-scheduler'],
      args: [
        `--kubeconfig=${kubeconfig('scheduler')}`,
        `--authentication-kubeconfig=${kubeconfig('scheduler')}`,
        `--authorization-kubeconfig=${kubeconfig('scheduler')}`,
        '--bind-address=127.0.0.1',
        `--secure-port=${p.scheduler}`,
        '--leader-elect=false',
        '--kube-api-qps=100',
        '--kube-api-burst=200',
        '--v=1',
      ],
      health: { kind: 'https', url: local(p.scheduler, '/healthz', 'https') },
      ports: ['scheduler'],
    },
    {
      name: 'containerd',
      command: tools.bin.containerd,
      args: ['--config', cfg('containerd.toml'), '--log-level', 'warn'],
      health: { kind: 'socket', path: layout.containerdSocket },
      ports: [],
    },
    {
      name: 'kubelet',
      command: tools.bin.kubelet,
      args: [
        `--config=${cfg('kubelet.yaml')}`,
        `--kubeconfig=${kubeconfig('kubelet')}`,
        `--root-dir=${layout.kubeletRoot}`,
        `--hostname-override=${clusterNetwork.nodeName}`,
        `--node-ip=${clusterNetwork.nodeIp}`,
        // Only images on the identity registry match the provider (docs/identity.md).
        `--image-credential-provider-config=${credentialProviderConfigFile(layout)}`,
        `--image-credential-provider-bin-dir=${dirname(credentialProviderExecutable(layout))}`,
        '--v=1',
      ],
      health: { kind: 'http', url: local(p.kubeletHealthz, '/healthz') },
      ports: ['kubelet', 'kubeletHealthz'],
    },
    {
      name: 'kube-proxy',
      command: tools.bin['kube-proxy'],
      args: [`--config=${cfg('kube-proxy.yaml')}`, '--v=1'],
      health: { kind: 'http', url: local(p.kubeProxyHealthz, '/healthz') },
      ports: ['kubeProxyMetrics', 'kubeProxyHealthz'],
    },
  ];
  if (options.kwokNodes > 0) specs.push(kwokComponent(tools, kubeconfig('kwok'), layout));
  return specs;
}

function kwokComponent(tools: Toolchain, kubeconfig: string, layout: ClusterLayout): ComponentSpec {
  return {
    name: 'kwok',
    command: tools.bin.kwok,
    args: [
      `--kubeconfig=${kubeconfig}`,
      `--config=${kwokStagesFile(layout)}`,
      '--node-lease-duration-seconds=40',
      '--manage-all-nodes=false',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      `--server-address=127.0.0.1:${clusterPorts.kwokServer}`,
      '--cidr=10.245.0.0/16',
      '--node-ip=10.245.255.254',
    ],
    health: { kind: 'http', url: local(clusterPorts.kwokServer, '/healthz') },
    ports: ['kwokServer'],
  };
}
