import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ClusterLayout } from './layout.js';
import { renderKubeconfig } from './kubeconfig.js';
import { apiserverUrl } from './network.js';
import {
  renderCniConfig,
  renderContainerdConfig,
  renderKubeletConfig,
  renderKubeProxyConfig,
  renderRegistryConfig,
} from './node-configs.js';
import {
  credentialProviderConfigFile,
  credentialProviderExecutable,
  renderCredentialProviderConfig,
  renderCredentialProviderWrapper,
  renderIdentityRegistryConfig,
} from './identity-registry-configs.js';
import { kwokStagesWithNotReady } from './kwok-stages.js';
import { pkiFile } from './pki.js';

const kubeconfigUsers = [
  'admin',
  'controller-manager',
  'scheduler',
  'kubelet',
  'kube-proxy',
  'kwok',
] as const;

/** Writes every config file and kubeconfig the components read; rewriting is harmless. */
export async function writeClusterFiles(
  layout: ClusterLayout,
  pauseImage: string,
  snapshotter: string,
  kwokStagesSource: string,
): Promise<void> {
  for (const dir of [
    layout.configDir,
    layout.kubeconfigDir,
    layout.cniConfDir,
    layout.cniDataDir,
    layout.etcdDataDir,
    layout.registryDataDir,
    layout.registryIdentityDataDir,
    layout.credentialProviderBinDir,
  ]) {
    await mkdir(dir, { recursive: true });
  }
  for (const user of kubeconfigUsers) {
    await writeFile(
      join(layout.kubeconfigDir, `${user}.yaml`),
      renderKubeconfig({
        server: apiserverUrl,
        caFile: pkiFile(layout, 'ca.crt'),
        certFile: pkiFile(layout, `${user}.crt`),
        keyFile: pkiFile(layout, `${user}.key`),
        user: `slipway-${user}`,
      }),
      { mode: 0o600 },
    );
  }
  const cfg = (file: string): string => join(layout.configDir, file);
  await writeFile(cfg('containerd.toml'), renderContainerdConfig(layout, pauseImage, snapshotter));
  await writeFile(join(layout.cniConfDir, '10-slipway.conflist'), renderCniConfig(layout));
  await writeFile(cfg('kubelet.yaml'), renderKubeletConfig(layout));
  await writeFile(cfg('kube-proxy.yaml'), renderKubeProxyConfig(layout));
  await writeFile(cfg('registry.yaml'), renderRegistryConfig(layout));
  await writeFile(cfg('registry-identity.yaml'), renderIdentityRegistryConfig(layout));
  await writeFile(credentialProviderConfigFile(layout), renderCredentialProviderConfig());
  const plugin = credentialProviderExecutable(layout);
  await writeFile(
    plugin,
    renderCredentialProviderWrapper(process.execPath, join(layout.repoDir, 'bin', 'slipway.js')),
  );
  await chmod(plugin, 0o755);
  await writeFile(
    kwokStagesFile(layout),
    kwokStagesWithNotReady(await readFile(kwokStagesSource, 'utf8')),
  );
}

export function kwokStagesFile(layout: ClusterLayout): string {
  return join(layout.configDir, 'kwok-stages.yaml');
}
