import { clusterLayout } from './layout.js';
import { checkRoot } from './preflight.js';
import { teardownCluster, type TeardownReport } from './teardown.js';
import { toolPaths, parseToolVersions } from './toolchain.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Stops the cluster from whatever state it is in; needs no complete toolchain. */
export async function clusterDown(options: { keepState: boolean }): Promise<TeardownReport> {
  checkRoot();
  const layout = clusterLayout();
  const versionsFile = join(layout.repoDir, 'scripts', 'toolchain', 'versions.env');
  const kubeProxy = existsSync(versionsFile)
    ? toolPaths(
        parseToolVersions(readFileSync(versionsFile, 'utf8'), versionsFile),
        layout.cacheDir,
      ).bin['kube-proxy']
    : undefined;
  return teardownCluster(layout, {
    keepState: options.keepState,
    ...(kubeProxy ? { kubeProxy } : {}),
  });
}
