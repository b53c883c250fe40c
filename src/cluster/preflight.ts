import { existsSync, readFileSync } from 'node:fs';
import { PreconditionError } from '../errors/index.js';
import { tryCommand } from '../exec/index.js';
import type { ComponentSpec } from './component-plan.js';
import { clusterPorts } from './network.js';

export type PortHolder = { readonly port: number; readonly process: string };

/** Parses `ss -ltnpH` lines into the listening ports and who holds them. Pure. */
export function parseListeningPorts(ssOutput: string): PortHolder[] {
  const holders: PortHolder[] = [];
  for (const line of ssOutput.split('\n')) {
    const cols = line.trim().split(/\s+/);
    const local = cols[3];
    if (local === undefined) continue;
    const port = Number(local.slice(local.lastIndexOf(':') + 1));
    if (!Number.isInteger(port)) continue;
    const users = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
    holders.push({ port, process: users ? `${users[1]} (pid ${users[2]})` : 'an unknown process' });
  }
  return holders;
}

/** The ports the components need that something else already holds. Pure. */
export function portConflicts(
  specs: readonly ComponentSpec[],
  listening: readonly PortHolder[],
): { component: string; port: number; holder: string }[] {
  const conflicts: { component: string; port: number; holder: string }[] = [];
  for (const spec of specs) {
    for (const name of spec.ports) {
      const port = clusterPorts[name];
      const holder = listening.find((h) => h.port === port);
      if (holder) conflicts.push({ component: spec.name, port, holder: holder.process });
    }
  }
  return conflicts;
}

export async function checkPortsFree(specs: readonly ComponentSpec[]): Promise<void> {
  const ss = await tryCommand('ss', ['-ltnpH']);
  const conflicts = portConflicts(specs, parseListeningPorts(ss.stdout));
  if (conflicts.length === 0) return;
  const lines = conflicts.map((c) => `port ${c.port} (${c.component}) is in use by ${c.holder}`);
  throw new PreconditionError(`cannot start the cluster: ${lines.join('; ')}`, {
    hint: 'stop what holds the port (kill the pid shown), or if it is an earlier Slipway cluster run `slipway cluster down`',
  });
}

export type KernelReport = {
  readonly missing: string[];
  readonly snapshotter: 'overlayfs' | 'native';
};

/** Reads what the kernel offers; pure over the given file reader so it can be tested. */
export function assessKernel(read: (path: string) => string | undefined): KernelReport {
  const missing: string[] = [];
  const cgroups = read('/proc/cgroups') ?? '';
  for (const controller of ['cpu', 'memory', 'pids', 'cpuset']) {
    if (!new RegExp(`^${controller}\\s+\\d+\\s+\\d+\\s+1`, 'm').test(cgroups)) {
      missing.push(`the ${controller} cgroup controller (kubelet needs it)`);
    }
  }
  if (read('/proc/sys/net/bridge/bridge-nf-call-iptables') === undefined) {
    missing.push(
      'bridge netfilter (/proc/sys/net/bridge; module br_netfilter) for Service traffic between pods',
    );
  }
  if (read('/proc/sys/net/netfilter/nf_conntrack_max') === undefined) {
    missing.push('connection tracking (module nf_conntrack) for kube-proxy');
  }
  const filesystems = read('/proc/filesystems') ?? '';
  const snapshotter = /\toverlay$/m.test(filesystems) ? 'overlayfs' : 'native';
  return { missing, snapshotter };
}

export function checkKernel(): KernelReport {
  const report = assessKernel((path) => {
    try {
      return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  });
  if (report.missing.length > 0) {
    throw new PreconditionError(
      `this kernel lacks what the node needs: ${report.missing.join('; ')}`,
      {
        hint: 'load the modules (modprobe br_netfilter nf_conntrack) or use a kernel that has them; see README "Prerequisites"',
      },
    );
  }
  return report;
}

export function checkRoot(): void {
  if (process.getuid?.() !== 0) {
    throw new PreconditionError(
      'the local cluster runs kubelet, containerd and iptables, which need root',
      {
        hint: 'run the command as root (sudo -E npx slipway cluster up)',
      },
    );
  }
}
