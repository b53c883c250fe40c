import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every path the local cluster uses. Pure: computing it creates nothing. */
export type ClusterLayout = {
  readonly repoDir: string;
  /** Build outputs and downloaded tools: ~/.cache/slipway unless SLIPWAY_CACHE is set. */
  readonly cacheDir: string;
  /** The running cluster's state, removed by `cluster down` unless --keep. */
  readonly stateDir: string;
  readonly pkiDir: string;
  readonly kubeconfigDir: string;
  readonly adminKubeconfig: string;
  readonly configDir: string;
  readonly logDir: string;
  readonly pidDir: string;
  readonly etcdDataDir: string;
  readonly registryDataDir: string;
  /** The identity registry's blobs, apart from the open registry's. */
  readonly registryIdentityDataDir: string;
  /** Where the kubelet finds its image credential-provider plugin (a small wrapper script). */
  readonly credentialProviderBinDir: string;
  readonly containerdRoot: string;
  readonly containerdState: string;
  readonly containerdSocket: string;
  readonly kubeletRoot: string;
  readonly cniConfDir: string;
  readonly cniDataDir: string;
  readonly clusterFile: string;
};

// src/cluster/layout.ts and dist/cluster/layout.js are both two folders below the root.
const repoDir = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export function clusterLayout(env: NodeJS.ProcessEnv = process.env): ClusterLayout {
  const cacheDir = env['SLIPWAY_CACHE'] ?? join(homedir(), '.cache', 'slipway');
  const stateDir = env['SLIPWAY_CLUSTER_DIR'] ?? join(cacheDir, 'cluster');
  const kubeconfigDir = join(stateDir, 'kubeconfig');
  return {
    repoDir,
    cacheDir,
    stateDir,
    pkiDir: join(stateDir, 'pki'),
    kubeconfigDir,
    adminKubeconfig: join(kubeconfigDir, 'admin.yaml'),
    configDir: join(stateDir, 'config'),
    logDir: join(stateDir, 'logs'),
    pidDir: join(stateDir, 'pids'),
    etcdDataDir: join(stateDir, 'etcd'),
    registryDataDir: join(stateDir, 'registry'),
    registryIdentityDataDir: join(stateDir, 'registry-identity'),
    credentialProviderBinDir: join(stateDir, 'credential-provider', 'bin'),
    containerdRoot: join(stateDir, 'containerd', 'root'),
    containerdState: join(stateDir, 'containerd', 'state'),
    containerdSocket: join(stateDir, 'containerd', 'containerd.sock'),
    kubeletRoot: join(stateDir, 'kubelet'),
    cniConfDir: join(stateDir, 'cni', 'net.d'),
    cniDataDir: join(stateDir, 'cni', 'ipam'),
    clusterFile: join(stateDir, 'cluster.json'),
  };
}
