import { runCommand } from '../exec/index.js';
import type { ClusterLayout } from './layout.js';
import type { Toolchain } from './toolchain.js';

/** Runs kubectl as the cluster admin. */
export function kubectl(
  layout: ClusterLayout,
  tools: Toolchain,
  args: readonly string[],
  input?: string,
): Promise<string> {
  return runCommand(tools.bin.kubectl, ['--kubeconfig', layout.adminKubeconfig, ...args], {
    ...(input === undefined ? {} : { input }),
  });
}

export type NodeReadiness = { readonly name: string; readonly ready: boolean };

/** Reads each node's Ready condition from `kubectl get nodes -o json` output. Pure. */
export function parseNodeReadiness(json: string): NodeReadiness[] {
  const list = JSON.parse(json) as {
    items?: {
      metadata?: { name?: string };
      status?: { conditions?: { type?: string; status?: string }[] };
    }[];
  };
  return (list.items ?? []).map((node) => ({
    name: node.metadata?.name ?? '?',
    ready: (node.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
  }));
}
