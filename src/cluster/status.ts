import { existsSync } from 'node:fs';
import { assessCluster, type ClusterCondition } from './cluster-state.js';
import { readClusterRecord, type ClusterRecord } from './cluster-record.js';
import { componentNames, planComponents, type ComponentName } from './component-plan.js';
import { probe } from './health.js';
import type { ClusterLayout } from './layout.js';
import { isSameProcessAlive, readRecord } from './processes.js';
import type { Toolchain } from './toolchain.js';

export type ComponentStatus = {
  readonly name: ComponentName;
  readonly pid: number | undefined;
  readonly alive: boolean;
  readonly healthy: boolean;
  readonly detail: string;
};

export type ClusterStatus = {
  readonly condition: ClusterCondition;
  readonly record: ClusterRecord | undefined;
  readonly components: readonly ComponentStatus[];
};

/** Looks at every recorded process and probes the health of the live ones. */
export async function inspectCluster(
  layout: ClusterLayout,
  tools: Toolchain,
): Promise<ClusterStatus> {
  const record = await readClusterRecord(layout);
  const specs = planComponents(layout, tools, { kwokNodes: record?.kwokNodes ?? 0 });
  const components: ComponentStatus[] = [];
  for (const name of componentNames) {
    const recorded = await readRecord(layout, name);
    const spec = specs.find((s) => s.name === name);
    if (recorded === undefined && spec === undefined) continue;
    const alive = recorded !== undefined && isSameProcessAlive(recorded);
    const health =
      alive && spec
        ? await probe(spec.health)
        : { healthy: false, detail: alive ? 'running' : 'not running' };
    components.push({
      name,
      pid: recorded?.pid,
      alive,
      healthy: health.healthy,
      detail: health.detail,
    });
  }
  const liveness = components.map((c) => ({
    name: c.name,
    recorded: c.pid !== undefined,
    alive: c.alive,
  }));
  const expected = specs.map((s) => s.name);
  const condition = assessCluster(existsSync(layout.stateDir), expected, liveness);
  return { condition, record, components };
}
