import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tryCommand } from '../exec/index.js';
import { componentNames } from './component-plan.js';
import type { ClusterLayout } from './layout.js';
import { clusterNetwork } from './network.js';
import { stopComponent } from './processes.js';

export type TeardownReport = { readonly stopped: string[]; readonly cleaned: string[] };

/** Mount points at or below `root`, deepest first, from /proc/self/mountinfo text. Pure. */
export function mountsBelow(mountinfo: string, roots: readonly string[]): string[] {
  const points = mountinfo
    .split('\n')
    .map((line) => line.split(' ')[4])
    .filter((p): p is string => p !== undefined)
    .map((p) => p.replace(/\\040/g, ' '))
    .filter((p) => roots.some((root) => p === root || p.startsWith(`${root}/`)));
  return [...new Set(points)].sort((a, b) => b.split('/').length - a.split('/').length);
}

/** Pids of containerd shims that serve our containerd socket, from /proc. */
function ourShimPids(socket: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes('containerd-shim') && cmdline.includes(socket)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

const cgroupRoot = '/sys/fs/cgroup';

/** Every cgroup folder kubelet made for pods, in every v1 hierarchy, deepest first. */
function podCgroups(): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
    }
    found.push(dir);
  };
  if (!existsSync(cgroupRoot)) return found;
  for (const controller of readdirSync(cgroupRoot)) {
    const kubepods = join(cgroupRoot, controller, 'kubepods');
    if (existsSync(kubepods)) walk(kubepods);
  }
  return found;
}

function killPodProcesses(cgroups: readonly string[]): number {
  let killed = 0;
  for (const dir of cgroups) {
    const procs = join(dir, 'cgroup.procs');
    if (!existsSync(procs)) continue;
    for (const pid of readFileSync(procs, 'utf8').split('\n').filter(Boolean)) {
      try {
        process.kill(Number(pid), 'SIGKILL');
        killed += 1;
      } catch {
        // already gone
      }
    }
  }
  return killed;
}

async function removeCgroups(cgroups: readonly string[]): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    let left = 0;
    for (const dir of cgroups) {
      if (!existsSync(dir)) continue;
      try {
        await rmdir(dir);
      } catch {
        left += 1;
      }
    }
    if (left === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Stops every process of the cluster and removes what they left on the machine
 * (pod processes, mounts, network namespaces, the bridge, kube-proxy's rules).
 * Works from any partial state; safe to run twice.
 */
export async function teardownCluster(
  layout: ClusterLayout,
  options: { keepState: boolean; kubeProxy?: string },
): Promise<TeardownReport> {
  const stopped: string[] = [];
  const cleaned: string[] = [];
  // Pods, the bridge and kube-proxy's rules belong to the machine, not to a folder: clean
  // them only when this state dir ran the node, so a second state dir never harms the first.
  const ranNode = existsSync(layout.kubeletRoot) || existsSync(layout.containerdState);
  for (const name of [...componentNames].reverse()) {
    if (await stopComponent(layout, name)) stopped.push(name);
  }
  if (ranNode) cleaned.push(...(await cleanNode(layout, options.kubeProxy)));
  if (options.keepState) {
    await removeRuntimeState(layout);
  } else if (existsSync(layout.stateDir)) {
    await rm(layout.stateDir, { recursive: true, force: true });
    cleaned.push(`state ${layout.stateDir}`);
  }
  return { stopped, cleaned };
}

async function cleanNode(layout: ClusterLayout, kubeProxy: string | undefined): Promise<string[]> {
  const cleaned: string[] = [];
  const shims = ourShimPids(layout.containerdSocket);
  for (const pid of shims) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const cgroups = podCgroups();
  const podProcesses = killPodProcesses(cgroups);
  if (shims.length + podProcesses > 0)
    cleaned.push(`${shims.length} shims and ${podProcesses} pod processes`);
  const netnsDir = '/run/netns';
  const netns = existsSync(netnsDir)
    ? readdirSync(netnsDir).filter((n) => n.startsWith('cni-'))
    : [];
  const mounts = mountsBelow(readFileSync('/proc/self/mountinfo', 'utf8'), [
    layout.stateDir,
    ...netns.map((n) => join(netnsDir, n)),
  ]);
  for (const point of mounts) await tryCommand('umount', ['-l', point]);
  if (mounts.length > 0) cleaned.push(`${mounts.length} mounts`);
  for (const n of netns) await removeNetns(join(netnsDir, n), cleaned);
  await removeCgroups(cgroups);
  if (cgroups.length > 0) cleaned.push(`${cgroups.length} pod cgroups`);
  const bridge = await tryCommand('ip', ['link', 'delete', clusterNetwork.bridgeName]);
  if (bridge.code === 0) cleaned.push(`bridge ${clusterNetwork.bridgeName}`);
  if (kubeProxy !== undefined && existsSync(kubeProxy)) {
    await tryCommand(kubeProxy, ['--cleanup', '--v=0']);
    cleaned.push('kube-proxy rules');
  }
  return cleaned;
}

/**
 * A CNI network namespace file. It can be mounted more than once (a shared /run/netns propagates
 * each mount), so it is unmounted until unlink succeeds; one that stays busy is reported and
 * left, and teardown goes on with the rest.
 */
async function removeNetns(path: string, cleaned: string[]): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      await rm(path, { force: true });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'EBUSY') throw error;
      await tryCommand('umount', ['-l', path]);
    }
  }
  cleaned.push(`left busy network namespace ${path}`);
}

/** What only makes sense while processes run; the cluster's data (etcd, registry, images, PKI) stays. */
async function removeRuntimeState(layout: ClusterLayout): Promise<void> {
  for (const dir of [
    layout.containerdState,
    layout.kubeletRoot,
    layout.cniDataDir,
    layout.pidDir,
  ]) {
    await rm(dir, { recursive: true, force: true });
  }
}
