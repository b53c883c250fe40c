import { clusterStatus } from '../../cluster/index.js';
import type { Command } from '../command.js';

export const clusterStatusCommand: Command = {
  path: ['cluster', 'status'],
  summary: 'show each component of the local cluster and its health',
  usage: 'slipway cluster status',
  options: {},
  async run(_values, io) {
    const status = await clusterStatus();
    io.out(`Cluster: ${status.condition.kind}`);
    for (const c of status.components) {
      const state = !c.alive ? 'stopped' : c.healthy ? 'healthy' : 'UNHEALTHY';
      io.out(
        `  ${c.name.padEnd(24)} ${state.padEnd(10)} ${c.pid === undefined ? '' : `pid ${c.pid}`.padEnd(10)} ${c.detail}`,
      );
    }
    if (status.record !== undefined) {
      io.out(
        `Kubernetes ${status.record.kubernetesVersion}, ${status.record.kwokNodes} kwok node(s), up since ${status.record.startedAt}`,
      );
    }
    const ok = status.condition.kind === 'running' && status.components.every((c) => c.healthy);
    return ok ? 0 : 1;
  },
};
